package org.chatlake.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent pieces of work, each submitting its own Spark jobs, from threads of their own.
 * Spark schedules the jobs of all of them on the same cores, so one piece's small stages, query
 * planning and Delta log reads overlap another's work instead of leaving cores idle.
 */
final class SideBySide {
  private SideBySide() {}

  /**
   * Runs every task and waits for all of them, also when one fails; returns their results in the
   * order given. The first failure, in that order, is rethrown after all have ended.
   */
  static <T> Map<String, T> run(String name, Map<String, Callable<T>> tasks) {
    if (tasks.size() <= 1) {
      return inThisThread(tasks);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size(), r -> {
      Thread t = new Thread(r, "chatlake-" + name + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      Map<String, Future<T>> futures = new LinkedHashMap<>();
      tasks.forEach((key, task) -> futures.put(key, pool.submit(task)));
      Map<String, T> results = new LinkedHashMap<>();
      List<Throwable> failures = new ArrayList<>();
      for (Map.Entry<String, Future<T>> f : futures.entrySet()) {
        try {
          results.put(f.getKey(), f.getValue().get());
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
      }
      if (!failures.isEmpty()) {
        throw rethrown(failures);
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  private static <T> Map<String, T> inThisThread(Map<String, Callable<T>> tasks) {
    Map<String, T> results = new LinkedHashMap<>();
    for (Map.Entry<String, Callable<T>> task : tasks.entrySet()) {
      try {
        results.put(task.getKey(), task.getValue().call());
      } catch (Exception e) {
        throw rethrown(List.of(e));
      }
    }
    return results;
  }

  private static RuntimeException rethrown(List<Throwable> failures) {
    Throwable first = failures.get(0);
    failures.subList(1, failures.size()).forEach(first::addSuppressed);
    if (first instanceof RuntimeException e) {
      return e;
    }
    if (first instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(first);
  }
}
