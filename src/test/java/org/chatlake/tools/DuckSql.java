package org.chatlake.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs SQL in an in-memory DuckDB and prints the result as a table: an independent reader of the
 * job's Parquet output for tests and for checking a run by hand.
 *   java -cp target/test-classes:$(cat target/test-classpath.txt) org.chatlake.tools.DuckSql "SELECT ..."
 */
public final class DuckSql {
  private DuckSql() {}

  public static void main(String[] args) throws SQLException {
    try (Connection c = connect()) {
      for (String sql : args) {
        System.out.println(format(query(c, sql)));
      }
    }
  }

  public static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:");
  }

  /** All rows of a query, header first, values as DuckDB's Java objects. */
  public static List<List<Object>> query(Connection c, String sql) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Object> header = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        header.add(md.getColumnName(i));
      }
      rows.add(header);
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static String format(List<List<Object>> rows) {
    StringBuilder b = new StringBuilder();
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>();
      row.forEach(v -> cells.add(String.valueOf(v)));
      b.append(String.join(" | ", cells)).append('\n');
    }
    return b.toString();
  }
}
