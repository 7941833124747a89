package io.fleetpoller.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Scores what the daemon detected against what really happened, per vehicle and session kind.
 *
 * <p>Matching is one-to-one. A detected session may stand for a true one when it started while
 * that one lasted: not before the true start (the poller reports the snapshot time, which cannot
 * precede it) but for {@link #START_SKEW} of clock skew, and not after the true end (plus the same
 * skew). Among those pairs, the ones that overlap most are matched first (ties: earlier true
 * session, then earlier detection). So when the poller misses the stop between two drives, its one
 * detected drive is credited to the drive it overlaps most and the other counts as missed; a true
 * session split into two detections is matched to the longer part and the other part is ignored.
 *
 * <p>True sessions that cannot be judged fairly are left out of the totals (and counted in
 * {@link DetectionStats#excluded()}): those that started before the run (the simulator records the
 * day its cars lived before the daemon started), those still going at the run's end, and those that
 * started less than the end margin before it. They are still matched, so a detection of one of them
 * never counts for another session.
 */
public final class SessionMatcher {

  /** How far a detected start may precede the true start and still be that session's detection. */
  public static final Duration START_SKEW = Duration.ofSeconds(5);
  public static final Duration DEFAULT_END_MARGIN = Duration.ofMinutes(10);

  private final Instant runStart;
  private final Instant runEnd;
  private final Duration endMargin;

  /** Scores a run over [runStart, runEnd] (simulated time), leaving out sessions begun in its last {@code endMargin}. */
  public SessionMatcher(Instant runStart, Instant runEnd, Duration endMargin) {
    this.runStart = Objects.requireNonNull(runStart, "runStart");
    this.runEnd = Objects.requireNonNull(runEnd, "runEnd");
    this.endMargin = Objects.requireNonNull(endMargin, "endMargin");
    if (runEnd.isBefore(runStart)) {
      throw new IllegalArgumentException("run ends " + runEnd + " before it starts " + runStart);
    }
    if (endMargin.isNegative()) {
      throw new IllegalArgumentException("end margin must not be negative, got " + endMargin);
    }
  }

  public Duration endMargin() {
    return endMargin;
  }

  /** Detection figures for both kinds (a kind with no sessions gets zeros). */
  public Map<SessionKind, DetectionStats> match(Collection<TruthSession> truth, Collection<DetectedSession> detected) {
    Map<TruthSession, DetectedSession> matches = pair(List.copyOf(truth), List.copyOf(detected));
    Map<SessionKind, DetectionStats> byKind = new EnumMap<>(SessionKind.class);
    for (SessionKind kind : SessionKind.values()) {
      int total = 0;
      int found = 0;
      int excluded = 0;
      List<Duration> startLatencies = new ArrayList<>();
      List<Duration> endLatencies = new ArrayList<>();
      for (TruthSession session : truth) {
        if (session.kind() != kind) {
          continue;
        }
        if (!counts(session)) {
          excluded++;
          continue;
        }
        total++;
        DetectedSession match = matches.get(session);
        if (match == null) {
          continue;
        }
        found++;
        startLatencies.add(Duration.between(session.start(), match.startedAt()));
        if (match.endedAt() != null) {
          endLatencies.add(Duration.between(session.end(), match.endedAt()));
        }
      }
      byKind.put(kind, new DetectionStats(found, total, startLatencies, endLatencies, excluded));
    }
    return byKind;
  }

  /** The true sessions in the totals that no detected session matched, earliest first. */
  public List<TruthSession> missed(Collection<TruthSession> truth, Collection<DetectedSession> detected) {
    Map<TruthSession, DetectedSession> matches = pair(List.copyOf(truth), List.copyOf(detected));
    return truth.stream().filter(this::counts).filter(t -> !matches.containsKey(t))
        .sorted(Comparator.comparing(TruthSession::start)).toList();
  }

  /** Whether a true session is in the totals. */
  boolean counts(TruthSession session) {
    return !session.start().isBefore(runStart)
        && !session.start().isAfter(runEnd.minus(endMargin))
        && session.end() != null
        && !session.end().isAfter(runEnd); // truth read after the run: it was still going at the end
  }

  private record Candidate(TruthSession truth, DetectedSession detected, Duration overlap) {}

  private static Map<TruthSession, DetectedSession> pair(List<TruthSession> truth, List<DetectedSession> detected) {
    List<Candidate> candidates = new ArrayList<>();
    for (TruthSession t : truth) {
      for (DetectedSession d : detected) {
        if (t.vehicle().equals(d.vehicle()) && t.kind() == d.kind() && startedWithin(d, t)) {
          candidates.add(new Candidate(t, d, overlap(t, d)));
        }
      }
    }
    candidates.sort(Comparator.comparing(Candidate::overlap).reversed()
        .thenComparing(c -> c.truth().start())
        .thenComparing(c -> c.detected().startedAt()));
    Map<TruthSession, DetectedSession> matches = new HashMap<>();
    Set<DetectedSession> used = new HashSet<>();
    for (Candidate c : candidates) {
      if (!matches.containsKey(c.truth()) && !used.contains(c.detected())) {
        matches.put(c.truth(), c.detected());
        used.add(c.detected());
      }
    }
    return matches;
  }

  private static boolean startedWithin(DetectedSession d, TruthSession t) {
    return !d.startedAt().isBefore(t.start().minus(START_SKEW))
        && (t.end() == null || !d.startedAt().isAfter(t.end().plus(START_SKEW)));
  }

  private static Duration overlap(TruthSession t, DetectedSession d) {
    Instant from = later(t.start(), d.startedAt());
    Instant to = earlier(t.end() == null ? Instant.MAX : t.end(), d.endedAt() == null ? Instant.MAX : d.endedAt());
    return to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
