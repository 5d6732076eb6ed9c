package org.chatlake.sample;

/** The documented chat statuses; {@link #api} is the spelling of HelpCrunch's docs. */
enum ChatStatus {
  NEW("new"), OPENED("opened"), PENDING("pending"), ONHOLD("onhold"), NO_COMMUNICATION("no communication"),
  CLOSED("closed"), EMPTY("empty");

  final String api;

  ChatStatus(String api) {
    this.api = api;
  }

  /** new, opened, pending, onhold: the chat still waits for someone. */
  boolean open() {
    return this == NEW || this == OPENED || this == PENDING || this == ONHOLD;
  }
}
