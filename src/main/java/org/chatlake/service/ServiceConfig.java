package org.chatlake.service;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chatlake.job.JobFailure;

/**
 * The service-hours config of a run (service-hours.md, {@code --config}): the default schedule and
 * SLA targets, and per-department overrides already merged with the default, so a lookup is one
 * map read. Serializable, to be shipped to executors with the schedules it holds.
 */
public final class ServiceConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ServiceSchedule defaultSchedule;
  private final Map<SlaKind, SlaTarget> defaultTargets;
  private final Map<Long, ServiceSchedule> departmentSchedules;
  private final Map<Long, Map<SlaKind, SlaTarget>> departmentTargets;
  private final String contentHash;

  ServiceConfig(ServiceSchedule defaultSchedule, Map<SlaKind, SlaTarget> defaultTargets,
      Map<Long, ServiceSchedule> departmentSchedules, Map<Long, Map<SlaKind, SlaTarget>> departmentTargets,
      String contentHash) {
    this.defaultSchedule = defaultSchedule;
    this.defaultTargets = Map.copyOf(defaultTargets);
    this.departmentSchedules = Map.copyOf(departmentSchedules);
    this.departmentTargets = Map.copyOf(departmentTargets);
    this.contentHash = contentHash;
  }

  /**
   * Reads and checks a config file.
   *
   * @throws JobFailure exit code {@link JobFailure#USAGE}, one line naming the file, the key and what is wrong
   */
  public static ServiceConfig load(Path file) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new JobFailure(JobFailure.USAGE, name + ": no such file");
    } catch (AccessDeniedException e) {
      throw new JobFailure(JobFailure.USAGE, name + ": permission denied");
    } catch (IOException e) {
      throw new JobFailure(JobFailure.USAGE, name + ": cannot be read"
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    }
    return parse(name, content);
  }

  /**
   * Checks a config given as bytes (for files read elsewhere, e.g. through Hadoop).
   *
   * @param fileName how messages name the file
   * @throws JobFailure as {@link #load(Path)}
   */
  public static ServiceConfig parse(String fileName, byte[] content) {
    return new ServiceConfigParser(fileName).parse(content, sha256(content));
  }

  /** The schedule of a department; the default for null or a department without override. */
  public ServiceSchedule scheduleFor(Long departmentId) {
    ServiceSchedule s = departmentId == null ? null : departmentSchedules.get(departmentId);
    return s != null ? s : defaultSchedule;
  }

  /** A department's target of a kind (its own or the default's); empty when neither gives one. */
  public Optional<SlaTarget> target(Long departmentId, SlaKind kind) {
    Map<SlaKind, SlaTarget> targets = departmentId == null ? null : departmentTargets.get(departmentId);
    return Optional.ofNullable((targets != null ? targets : defaultTargets).get(kind));
  }

  /** The departments with an override. */
  public Set<Long> departmentIds() {
    return departmentSchedules.keySet();
  }

  /** SHA-256 of the file's bytes, lower-case hex, for the run summary. */
  public String contentHash() {
    return contentHash;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
