package org.chatlake.metrics;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chatlake.DeltaFiles;

/**
 * Reads the job's Parquet output with DuckDB, independently of Spark and of the code under test:
 * the current version of each Delta table, from its symlink manifests (see {@link DeltaFiles}).
 * Partition directories are read Hive-style, so {@code report_date} comes from the directory name.
 */
final class DuckDbReads {
  private DuckDbReads() {}

  /** The data files of one table's current version: one directory per report_date. */
  static List<Path> tableFiles(Path outputRoot, String table) {
    return DeltaFiles.currentFiles(outputRoot.resolve(table));
  }

  /** The current version of a table (a typed empty relation when it has no files). */
  static String readParquet(Path outputRoot, String table) {
    return DeltaFiles.readTable(outputRoot, table);
  }

  /**
   * Every row of a table as column name -> value (Long, Double, String, Boolean, ...), with
   * report_date as its ISO text.
   */
  static List<Map<String, Object>> rows(Path outputRoot, String table) throws SQLException {
    return rows(outputRoot, table, "* REPLACE (CAST(report_date AS VARCHAR) AS report_date)");
  }

  /** Every row of a table as column name -> value, with the select list given (e.g. {@code "chat_id, status"}). */
  static List<Map<String, Object>> rows(Path outputRoot, String table, String selectList) throws SQLException {
    String sql = "SELECT " + selectList + " FROM " + readParquet(outputRoot, table);
    List<Map<String, Object>> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.put(md.getColumnName(i), rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** DESCRIBE of a table: column name -> DuckDB type name, in the order DuckDB reports them. */
  static LinkedHashMap<String, String> describe(Path outputRoot, String table) throws SQLException {
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + readParquet(outputRoot, table))) {
      while (rs.next()) {
        out.put(rs.getString("column_name"), rs.getString("column_type"));
      }
    }
    return out;
  }

  /**
   * Parquet repetition (REQUIRED / OPTIONAL) of each top-level column of a table's current files;
   * empty when the table has none.
   */
  static Map<String, String> repetition(Path outputRoot, String table) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    List<Path> files = tableFiles(outputRoot, table);
    if (files.isEmpty()) {
      return out;
    }
    String sql = "SELECT DISTINCT name, repetition_type FROM parquet_schema(" + files.stream()
        .map(f -> DeltaFiles.literal(f.toString())).collect(Collectors.joining(", ", "[", "]")) + ")";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getString(2));
      }
    }
    return out;
  }
}
