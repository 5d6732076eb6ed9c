package org.chatlake.sample;

/** A HelpCrunch team member: {@code {id, name, email, role}}; {@code departments} are indexes into {@link Catalog#DEPARTMENTS}. */
record Agent(long id, String name, String email, String role, int[] departments) {

  boolean worksIn(int departmentIndex) {
    for (int d : departments) {
      if (d == departmentIndex) {
        return true;
      }
    }
    return false;
  }
}
