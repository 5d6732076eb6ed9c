package org.chatlake.service;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The per-chat service columns of service-hours.md for one chat, without Spark: business-hours
 * durations and next-reply counts (fixed by the chat's data) and the first-response and resolution
 * outcomes (which also depend on the instant they are judged at).
 */
public final class ChatSla implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String MET = "met";
  public static final String BREACHED = "breached";
  public static final String PENDING = "pending";
  public static final String CANCELLED = "cancelled";

  private final ServiceConfig config;

  public ChatSla(ServiceConfig config) {
    this.config = config;
  }

  /** One answered response turn: its first customer message and the reply that ended it. */
  public record Turn(Instant start, Instant reply) {}

  /**
   * What the columns read of a chat (its latest state). {@code hasMessageData} is false in an output
   * without messages; {@code answeredTurns} in order, the first turn first.
   */
  public record Chat(Long departmentId, String status, Instant createdAt, Instant closedAt,
      Double resolutionSeconds, boolean hasMessageData, Instant firstCustomerAt, Instant firstReplyAt,
      Double firstResponseSeconds, Double responseSecondsSum, List<Turn> answeredTurns) {}

  public record Durations(Double firstResponseBusinessSeconds, Double responseBusinessSecondsSum,
      Double resolutionBusinessSeconds, Integer nextReplyTurns, Integer nextReplyBreaches) {}

  /** @param asOf see {@link #judge} */
  public record Outcomes(String firstResponse, String resolution, Instant asOf) {}

  public Durations durations(Chat chat) {
    ServiceSchedule schedule = config.scheduleFor(chat.departmentId());
    Double firstResponse = chat.firstResponseSeconds() == null ? null
        : schedule.businessSeconds(chat.firstCustomerAt(), chat.firstReplyAt());
    Double responseSum = null;
    if (chat.responseSecondsSum() != null) {
      double sum = 0;
      for (Turn t : chat.answeredTurns()) {
        Double s = schedule.businessSeconds(t.start(), t.reply());
        sum += s == null ? 0 : s;
      }
      responseSum = sum;
    }
    Double resolution = chat.resolutionSeconds() == null ? null
        : schedule.businessSeconds(chat.createdAt(), chat.closedAt());
    Integer nextTurns = null;
    Integer nextBreaches = null;
    Optional<SlaTarget> nextReply = config.target(chat.departmentId(), SlaKind.NEXT_REPLY);
    if (nextReply.isPresent() && chat.hasMessageData()) {
      // Only the last turn can be unanswered, so the turns after the first are all but the first listed.
      List<Turn> turns = chat.answeredTurns();
      nextTurns = Math.max(0, turns.size() - 1);
      nextBreaches = 0;
      for (Turn t : turns.subList(Math.min(1, turns.size()), turns.size())) {
        Double elapsed = nextReply.get().elapsedSeconds(schedule, t.start(), t.reply());
        nextBreaches += elapsed != null && elapsed > nextReply.get().seconds() ? 1 : 0;
      }
    }
    return new Durations(firstResponse, responseSum, resolution, nextTurns, nextBreaches);
  }

  /**
   * The first-response and resolution outcomes judged at {@code horizon}, and the chat's
   * sla_as_of: that horizon (service-hours.md), whatever the outcomes.
   */
  public Outcomes judge(Chat chat, Instant horizon) {
    ServiceSchedule schedule = config.scheduleFor(chat.departmentId());
    return new Outcomes(firstResponse(chat, schedule, horizon), resolution(chat, schedule, horizon), horizon);
  }

  private String firstResponse(Chat chat, ServiceSchedule schedule, Instant horizon) {
    Optional<SlaTarget> target = config.target(chat.departmentId(), SlaKind.FIRST_RESPONSE);
    Instant start = chat.firstCustomerAt();
    if (target.isEmpty() || start == null || !chat.hasMessageData() || "empty".equals(chat.status())) {
      return null;
    }
    SlaTarget t = target.get();
    if (chat.firstReplyAt() != null) {
      return stopped(t, schedule, start, chat.firstReplyAt(), MET);
    }
    if ("closed".equals(chat.status())) {
      return chat.closedAt() == null ? null : stopped(t, schedule, start, chat.closedAt(), CANCELLED);
    }
    return running(t, schedule, start, horizon);
  }

  private String resolution(Chat chat, ServiceSchedule schedule, Instant horizon) {
    Optional<SlaTarget> target = config.target(chat.departmentId(), SlaKind.RESOLUTION);
    Instant start = chat.createdAt();
    String status = chat.status();
    if (target.isEmpty() || start == null || "empty".equals(status) || "no communication".equals(status)) {
      return null;
    }
    SlaTarget t = target.get();
    if ("closed".equals(status)) {
      if (chat.closedAt() == null || t.elapsedSeconds(schedule, start, chat.closedAt()) == null) {
        return null;
      }
      return stopped(t, schedule, start, chat.closedAt(), MET);
    }
    return running(t, schedule, start, horizon);
  }

  /**
   * The clock ran from start to end: breached when the elapsed time is over the target, else
   * {@code inTime}. A null elapsed time (end before start) is not over the target.
   */
  private static String stopped(SlaTarget t, ServiceSchedule schedule, Instant start, Instant end, String inTime) {
    Double elapsed = t.elapsedSeconds(schedule, start, end);
    return elapsed != null && elapsed > t.seconds() ? BREACHED : inTime;
  }

  /** The clock still runs: breached when over the target at the horizon, else pending. */
  private static String running(SlaTarget t, ServiceSchedule schedule, Instant start, Instant horizon) {
    if (horizon == null) {
      return PENDING;
    }
    Double elapsed = t.elapsedSeconds(schedule, start, horizon);
    return elapsed != null && elapsed > t.seconds() ? BREACHED : PENDING;
  }
}
