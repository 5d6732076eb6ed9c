package org.chatlake.fetch;

import java.util.List;

/** The API answered 400 (or another 4xx that retrying cannot fix) with its {@code errors[]}. */
public final class ApiRejected extends FetchFailure {
  /** One entry of the API's {@code errors[]}. */
  public record ApiError(String code, String message) {
    @Override
    public String toString() {
      return code + ": " + message;
    }
  }

  private final int status;
  private final List<ApiError> errors;

  public ApiRejected(String what, int status, List<ApiError> errors) {
    super(FAILED, "the API refused " + what + " (HTTP " + status + ")"
        + (errors.isEmpty() ? "" : ": " + String.join("; ", errors.stream().map(ApiError::toString).toList())));
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public List<ApiError> errors() {
    return errors;
  }

  /**
   * Whether this is the API's "chat not found": a 404 whose {@code errors[]} says
   * {@code chat_not_found} (older docs) or {@code not_found} (newer docs).
   */
  public boolean chatNotFound() {
    return status == 404
        && errors.stream().anyMatch(e -> e.code().equals("chat_not_found") || e.code().equals("not_found"));
  }

  /**
   * Whether a 400's entry names {@code field} or a filter position ({@code filter[0].field}, as the
   * docs' 400 example spells it; {@code filter.0.field} and the like too).
   */
  public boolean namesFilter(String field) {
    return status == 400 && errors.stream().anyMatch(e -> mentions(e.code(), field) || mentions(e.message(), field));
  }

  private static boolean mentions(String text, String field) {
    return text != null && (text.startsWith("filter") || text.contains(field)
        || text.contains(field.substring(field.indexOf('.') + 1)));
  }
}
