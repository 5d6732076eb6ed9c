package org.chatlake.sample;

import java.util.SplittableRandom;

/** Message texts: customer questions and follow-ups, agent answers, notes, article suggestions, system events. */
final class TextBank {
  private TextBank() {
  }

  private static final String[][] CUSTOMER_OPEN = {
    { // EN
      "Hi, I was charged twice for my subscription this month. Could you check invoice #%d and refund the duplicate payment?",
      "Hello! I can't log in to the dashboard since this morning, it keeps saying \"session expired\" right after I enter my password.",
      "Hey there, we'd like to upgrade from the Basic plan to Pro for 12 seats. Is there a discount if we pay yearly?",
      "Our widget stopped showing on the website after yesterday's deploy. The console shows a 403 for the script. Any idea?",
      "Hi, how do I export all conversations from last quarter? I need them for an audit by Friday.",
      "Good morning, the mobile app crashes when I open a chat with an attachment (iOS 18, app version 4.%d).",
      "Hi team, can you tell me whether your API supports webhooks for new chats? We want to push them into our CRM.",
      "Hello, I'd like to cancel my trial and make sure my card won't be charged. Thanks in advance!",
    },
    { // PL
      "Dzień dobry, nie mogę zalogować się do panelu — po wpisaniu hasła pojawia się błąd 403. Co mam zrobić?",
      "Cześć! Faktura nr FV/%d/2026 ma błędny NIP, czy możecie ją skorygować?",
      "Witam, chcielibyśmy przejść na plan roczny dla 8 użytkowników. Czy jest możliwa zniżka? 🙂",
      "Hej, widżet czatu nie wyświetla się na stronie głównej od wczoraj. Zmieniliśmy domenę na nową, czy to może być przyczyna?",
      "Dzień dobry, jak mogę wyeksportować wszystkie rozmowy z ostatniego miesiąca do pliku?",
      "Witam, płatność kartą została odrzucona, a pieniądze zniknęły z konta. Proszę o pilny kontakt.",
    },
    { // DE
      "Hallo, ich möchte unser Abo auf den Jahresplan umstellen. Geht das rückwirkend zum 1. des Monats? 🙂",
      "Guten Tag, seit dem Update kann ich keine Dateien mehr anhängen. Es erscheint nur „Upload fehlgeschlagen“.",
      "Hallo, die Rechnung Nr. %d wurde doppelt abgebucht. Bitte um Prüfung und Rückerstattung.",
      "Servus! Wie kann ich einen zweiten Mitarbeiter hinzufügen, ohne dass sich der Preis ändert?",
      "Guten Morgen, unser Chat-Widget lädt auf der Seite sehr langsam (über 5 Sekunden). Woran könnte das liegen?",
    },
  };

  private static final String[][] CUSTOMER_FOLLOW = {
    {
      "Sure, the email on the account is the one I'm writing from.",
      "I tried that already, clearing the cache didn't help unfortunately.",
      "Here is a screenshot of the error, hope it helps.",
      "It happens on Chrome and Firefox, I haven't tried Safari yet.",
      "Ok, and how long will the refund take to show up on my card?",
      "One more thing: will our existing chat history be kept after the change?",
      "Also, my colleague has the same problem on his account.",
      "The order number is %d, if that helps.",
    },
    {
      "Tak, konto jest założone na ten adres e-mail.",
      "Próbowałem już wyczyścić pamięć podręczną, niestety bez zmian.",
      "Przesyłam zrzut ekranu z komunikatem błędu.",
      "A ile potrwa zwrot środków na kartę?",
      "Jeszcze jedno pytanie: czy historia rozmów zostanie zachowana?",
      "Numer zamówienia to %d.",
    },
    {
      "Ja, das Konto läuft auf diese E-Mail-Adresse.",
      "Cache leeren habe ich schon probiert, leider ohne Erfolg.",
      "Anbei ein Screenshot der Fehlermeldung.",
      "Wie lange dauert die Rückerstattung ungefähr?",
      "Noch eine Frage: Bleibt der bisherige Chatverlauf erhalten?",
      "Die Bestellnummer lautet %d.",
    },
  };

  private static final String[][] CUSTOMER_THANKS = {
    {"Perfect, that worked. Thanks a lot! 👍", "Great, thank you for the quick help!", "All good now, thanks 🙏"},
    {"Super, działa! Dziękuję bardzo 👍", "Dzięki za szybką pomoc!", "Wszystko jasne, dziękuję 🙏"},
    {"Super, jetzt klappt es. Vielen Dank! 👍", "Danke für die schnelle Hilfe!", "Alles klar, danke schön 🙏"},
  };

  private static final String[][] AGENT_REPLY = {
    {
      "Thanks for reaching out! I've checked your account and I can see what happened. Give me a moment to fix it.",
      "I'm sorry for the trouble. Could you send me the exact error message and the browser you're using?",
      "Good news: I've issued the refund for the duplicate charge, it should appear within 3-5 business days.",
      "You can do this under Settings → Billing → Change plan. Yearly billing gives you two months free.",
      "I've forwarded this to our developers and they're already looking into it. I'll keep you posted here.",
      "Could you please try logging out and back in? We've just reset your session on our side.",
      "Yes, webhooks are supported. You'll find them under Settings → Developers → Webhooks.",
    },
    {
      "Dziękuję za wiadomość! Sprawdziłam konto i widzę, w czym problem. Już to poprawiam.",
      "Przepraszam za kłopot. Czy może Pan/Pani przesłać dokładną treść błędu i nazwę przeglądarki?",
      "Zwrot za podwójną płatność został zlecony, środki powinny wrócić w ciągu 3–5 dni roboczych.",
      "Zmiana planu jest dostępna w Ustawienia → Płatności → Zmień plan. Przy płatności rocznej dwa miesiące gratis.",
      "Przekazałem zgłoszenie do zespołu technicznego, dam znać tutaj, gdy tylko będzie poprawka.",
    },
    {
      "Danke für Ihre Nachricht! Ich habe Ihr Konto geprüft und sehe das Problem. Einen Moment bitte.",
      "Entschuldigen Sie die Unannehmlichkeiten. Können Sie mir die genaue Fehlermeldung schicken?",
      "Die doppelte Abbuchung wurde erstattet, das Geld ist in 3–5 Werktagen wieder auf Ihrem Konto.",
      "Das geht unter Einstellungen → Abrechnung → Tarif ändern. Bei jährlicher Zahlung sind zwei Monate gratis.",
      "Ich habe das an unsere Entwickler weitergegeben und melde mich hier, sobald es behoben ist.",
    },
  };

  private static final String[][] AGENT_CLOSE = {
    {"Glad I could help! I'll close this chat now, just write here if anything else comes up. Have a great day!",
      "You're welcome! Closing the conversation for now, feel free to reach out any time."},
    {"Cieszę się, że mogłam pomóc! Zamykam rozmowę, w razie pytań proszę pisać. Miłego dnia!",
      "Nie ma za co! Zamykam czat, w razie czego jesteśmy do dyspozycji."},
    {"Freut mich, dass ich helfen konnte! Ich schließe den Chat, melden Sie sich gern jederzeit wieder.",
      "Gern geschehen! Ich beende das Gespräch vorerst, schreiben Sie uns jederzeit."},
  };

  private static final String[][] BROADCAST = {
    {"Hi there 👋 Need help choosing the right plan? Our team is online and happy to help.",
      "Your trial ends in 3 days. Reply to this message if you have any questions before upgrading!",
      "We've just released a new mobile app. Update now and let us know what you think!"},
    {"Cześć 👋 Potrzebujesz pomocy w wyborze planu? Jesteśmy online i chętnie pomożemy.",
      "Twój okres próbny kończy się za 3 dni. Odpisz, jeśli masz pytania przed zakupem!"},
    {"Hallo 👋 Brauchen Sie Hilfe bei der Tarifwahl? Unser Team ist online und hilft gern.",
      "Ihre Testphase endet in 3 Tagen. Antworten Sie einfach, wenn Sie Fragen haben!"},
  };

  private static final String[] NOTES = {
    "Note: customer is on the legacy Basic plan, price change applies only from next cycle.",
    "Internal: checked Stripe, two captures for the same invoice, refund one of them.",
    "Escalated to dev team, see ticket DEV-%d. Do not promise a date.",
    "VIP account (enterprise contract), please keep response under 5 minutes.",
    "Customer already asked about this last week, see previous chat.",
  };

  private static final String[] KB = {
    "Suggested article: How to reset your password — https://help.example.com/articles/%d-reset-password",
    "Suggested article: Changing your billing plan — https://help.example.com/articles/%d-billing-plans",
    "Suggested article: Installing the chat widget — https://help.example.com/articles/%d-widget-install",
    "Suggested article: Exporting conversations — https://help.example.com/articles/%d-export",
  };

  private static final String[] LOG_LINES = {
    "2026-10-14T09:12:03.114Z ERROR [widget-loader] Failed to fetch /api/v1/config: 403 Forbidden (origin mismatch)",
    "2026-10-14T09:12:03.220Z WARN  [widget-loader] retrying in 2000 ms (attempt 2 of 5)",
    "2026-10-14T09:12:05.331Z ERROR [session] token refresh failed: invalid_grant — użytkownik wylogowany",
    "2026-10-14T09:12:05.402Z INFO  [app] fallback to anonymous mode, Sitzung abgelaufen ⚠️",
  };

  private static final String[] PADDING = {
    " Just to give you the full picture: we are a team of about twenty people and most of us use the chat daily.",
    " The problem started right after we changed our billing details last week, nothing else was changed.",
    " I have attached the screenshots and the order confirmation to my previous e-mail as well.",
    " Please let me know if you need any additional information from our side, I'm available all afternoon.",
    " We also noticed the same behaviour on our staging environment, so it seems reproducible.",
  };

  private static int lang(Language l) {
    return l.ordinal();
  }

  private static String fill(String template, SplittableRandom r) {
    int at = template.indexOf("%d");
    if (at < 0) {
      return template;
    }
    return template.substring(0, at) + (10000 + r.nextInt(90000)) + template.substring(at + 2);
  }

  static String customerOpening(Language l, SplittableRandom r) {
    return fill(Rng.pick(r, CUSTOMER_OPEN[lang(l)]), r);
  }

  static String customerFollowUp(Language l, SplittableRandom r) {
    return fill(Rng.pick(r, CUSTOMER_FOLLOW[lang(l)]), r);
  }

  static String customerThanks(Language l, SplittableRandom r) {
    return Rng.pick(r, CUSTOMER_THANKS[lang(l)]);
  }

  static String agentReply(Language l, SplittableRandom r) {
    return Rng.pick(r, AGENT_REPLY[lang(l)]);
  }

  static String agentClosing(Language l, SplittableRandom r) {
    return Rng.pick(r, AGENT_CLOSE[lang(l)]);
  }

  static String broadcast(Language l, SplittableRandom r) {
    return Rng.pick(r, BROADCAST[lang(l)]);
  }

  static String privateNote(SplittableRandom r) {
    return fill(Rng.pick(r, NOTES), r);
  }

  static String knowledgeBase(SplittableRandom r) {
    return fill(Rng.pick(r, KB), r);
  }

  static String assigned(Agent a) {
    return "Chat assigned to " + a.name();
  }

  static String transferred(Department d, Agent a) {
    return d == null ? "Chat transferred to " + a.name() : "Chat transferred to " + d.name() + " (" + a.name() + ")";
  }

  static String closedEvent(boolean byAgent) {
    return byAgent ? "Chat closed by agent" : "Chat closed by customer";
  }

  static String createdViaApi() {
    return "Chat created via REST API";
  }

  /** A customer pasting a long log: about {@code chars} characters. */
  static String longPaste(SplittableRandom r, int chars) {
    StringBuilder b = new StringBuilder(chars + 200);
    b.append("Here is the full log from the browser console, sorry it's long:\n");
    while (b.length() < chars) {
      b.append(Rng.pick(r, LOG_LINES)).append('\n');
    }
    return b.toString();
  }

  /** The text made at least {@code length} characters long with more realistic sentences. */
  static String padTo(String text, int length, SplittableRandom r) {
    if (text.length() >= length) {
      return text;
    }
    StringBuilder b = new StringBuilder(length + 120).append(text);
    while (b.length() < length) {
      b.append(Rng.pick(r, PADDING));
    }
    return b.toString();
  }

  /** A correction of a message text, as an edit would make it. */
  static String edited(String text) {
    return text.endsWith(".") || text.endsWith("!") || text.endsWith("?")
      ? text + " (edited: added details)"
      : text + " — edited";
  }

  static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** A text with Polish, German and emoji characters, for the escaped-Unicode case. */
  static String unicodeSample() {
    return "Zażółć gęślą jaźń — Größe ändern? Dziękuję 🙏😀";
  }
}
