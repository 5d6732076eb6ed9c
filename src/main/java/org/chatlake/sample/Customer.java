package org.chatlake.sample;

/** A HelpCrunch customer: {@code {id, name, email, userId}}; {@code userId} may be null; {@code language} picks message texts. */
record Customer(long id, String name, String email, String userId, Language language) {
}
