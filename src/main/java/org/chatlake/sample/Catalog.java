package org.chatlake.sample;

import java.util.ArrayList;
import java.util.List;

/** The fixed world of the generated account: application, departments, agents, and the customer pool. */
final class Catalog {
  static final long APPLICATION_ID = 48213L;
  static final long FIRST_CHAT_ID = 1_000_001L;
  static final long FIRST_CUSTOMER_ID = 7_300_001L;

  static final Department[] DEPARTMENTS = {
    new Department(11L, "Sales"),
    new Department(12L, "Billing"),
    new Department(13L, "Technical Support"),
    new Department(14L, "Onboarding"),
    new Department(15L, "Enterprise"),
  };
  /** Relative chat volume per department (index as in {@link #DEPARTMENTS}). */
  static final double[] DEPARTMENT_WEIGHTS = {0.22, 0.20, 0.33, 0.15, 0.10};

  static final Agent[] AGENTS = {
    agent(501, "Anna Kowalska", "anna.kowalska", "admin", 0, 1, 2, 3, 4),
    agent(502, "Jonas Becker", "jonas.becker", "agent", 0),
    agent(503, "Maria Garcia", "maria.garcia", "agent", 0, 4),
    agent(504, "Piotr Nowak", "piotr.nowak", "agent", 1),
    agent(505, "Sophie Martin", "sophie.martin", "agent", 1),
    agent(506, "Łukasz Wiśniewski", "lukasz.wisniewski", "agent", 1, 2),
    agent(507, "Jürgen Müller", "juergen.mueller", "agent", 2),
    agent(508, "Emily Clarke", "emily.clarke", "agent", 2),
    agent(509, "Tomasz Zieliński", "tomasz.zielinski", "agent", 2),
    agent(510, "Aisha Khan", "aisha.khan", "agent", 2, 3),
    agent(511, "Lena Schröder", "lena.schroeder", "agent", 3),
    agent(512, "Daniel O'Brien", "daniel.obrien", "agent", 3, 0),
    agent(513, "Zofia Wójcik", "zofia.wojcik", "agent", 4),
    agent(514, "Mark Thompson", "mark.thompson", "admin", 4, 2),
  };

  private static final String[] FIRST_EN = {"Oliver", "Emma", "Liam", "Ava", "Noah", "Mia", "James", "Isla", "Lucas",
    "Grace", "Ethan", "Chloe", "Henry", "Ruby", "Jack", "Zoe"};
  private static final String[] LAST_EN = {"Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans",
    "Walker", "Wright", "Hughes", "Green", "Hall", "Wood", "Harris"};
  private static final String[] FIRST_PL = {"Jakub", "Zuzanna", "Michał", "Małgorzata", "Paweł", "Agnieszka",
    "Krzysztof", "Łucja", "Wojciech", "Katarzyna", "Bartłomiej", "Joanna"};
  private static final String[] LAST_PL = {"Lewandowski", "Wójcik", "Kamiński", "Dąbrowski", "Szymańska",
    "Woźniak", "Kozłowski", "Jabłońska", "Mazur", "Krawczyk", "Grabowski", "Pietrzak"};
  private static final String[] FIRST_DE = {"Lukas", "Hannah", "Felix", "Jülide", "Maximilian", "Sören", "Lea",
    "Björn", "Anja", "Jörg", "Marie", "Tobias"};
  private static final String[] LAST_DE = {"Schmidt", "Schneider", "Fischer", "Weiß", "Groß", "Köhler",
    "Hoffmann", "Schäfer", "Krüger", "Böhm", "Wagner", "Fuchs"};
  private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example.com",
    "firma.example.pl", "beispiel.example.de"};

  private Catalog() {
  }

  private static Agent agent(long id, String name, String login, String role, int... departments) {
    return new Agent(id, name, login + "@support.example.com", role, departments);
  }

  /** Agents who work in the department (all agents for a chat without department). */
  static List<Agent> agentsOf(int departmentIndex) {
    List<Agent> out = new ArrayList<>();
    for (Agent a : AGENTS) {
      if (departmentIndex < 0 || a.worksIn(departmentIndex)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Size of the customer pool for a run of {@code chats} chats: customers come back now and then. */
  static long customerPoolSize(long chats) {
    return Math.max(50, chats * 3 / 4);
  }

  /** The customer with that pool number: a pure function of the number, so repeat customers look alike. */
  static Customer customer(long poolNumber) {
    long h = Rng.mix64(poolNumber * 0x9E3779B97F4A7C15L + 17);
    int langRoll = (int) Long.remainderUnsigned(h, 100);
    Language lang = langRoll < 70 ? Language.EN : langRoll < 88 ? Language.PL : Language.DE;
    String[] first = lang == Language.EN ? FIRST_EN : lang == Language.PL ? FIRST_PL : FIRST_DE;
    String[] last = lang == Language.EN ? LAST_EN : lang == Language.PL ? LAST_PL : LAST_DE;
    String f = first[(int) Long.remainderUnsigned(h >>> 8, first.length)];
    String l = last[(int) Long.remainderUnsigned(h >>> 20, last.length)];
    String domain = DOMAINS[(int) Long.remainderUnsigned(h >>> 32, DOMAINS.length)];
    long id = FIRST_CUSTOMER_ID + poolNumber;
    String email = ascii(f) + "." + ascii(l) + (poolNumber % 97) + "@" + domain;
    String userId = Long.remainderUnsigned(h >>> 40, 10) < 3 ? null : "crm-" + (100000 + (poolNumber * 7919) % 900000);
    return new Customer(id, f + " " + l, email.toLowerCase(java.util.Locale.ROOT), userId, lang);
  }

  /** Lower-case ASCII transliteration for e-mail local parts. */
  static String ascii(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case 'ą' -> b.append('a');
        case 'ć' -> b.append('c');
        case 'ę' -> b.append('e');
        case 'ł', 'Ł' -> b.append('l');
        case 'ń' -> b.append('n');
        case 'ó' -> b.append('o');
        case 'ś', 'Ś' -> b.append('s');
        case 'ź', 'ż', 'Ż' -> b.append('z');
        case 'ä' -> b.append("ae");
        case 'ö' -> b.append("oe");
        case 'ü' -> b.append("ue");
        case 'ß' -> b.append("ss");
        case '\'', ' ' -> { }
        default -> b.append(Character.toLowerCase(c));
      }
    }
    return b.toString();
  }
}
