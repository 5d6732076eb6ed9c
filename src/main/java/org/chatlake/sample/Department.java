package org.chatlake.sample;

/** A HelpCrunch department: {@code {id, name}}. */
record Department(long id, String name) {
}
