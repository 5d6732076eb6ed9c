package org.chatlake.sample;

/** Language a customer writes in; agents answer in the same one. */
enum Language {
    EN, PL, DE
}
