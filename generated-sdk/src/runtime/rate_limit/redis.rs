//! The fleet-wide limiter: one schedule per account and key, kept in Redis.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::time::Instant;

use super::{
    interval, sleep_on_phase, LocalRateLimiter, Rate, RateLimitError, RateLimitFuture,
    RateLimitKey, RateLimiter, LATE_AFTER, MAX_LATE_RETRIES,
};

/// GCRA without bursts, on the server's clock: books the slot after the last one booked (or now,
/// or later when the caller may not send before) and answers how long to wait for it, in
/// microseconds.
///
/// `KEYS[1]`: the schedule's key. `ARGV[1]`: the interval between slots in microseconds.
/// `ARGV[2]`: the earliest the caller may send, in microseconds from now (0 but just after an
/// outage, while a process keeps to its local share).
const SCRIPT: &str = r"
if redis.replicate_commands then pcall(redis.replicate_commands) end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local earliest = now + tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if tat < earliest then tat = earliest end
local new_tat = tat + interval
local ttl_ms = math.ceil((new_tat - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PX', string.format('%d', ttl_ms))
return tat - now
";

/// What a [`RedisRateLimiter`] does while Redis is unreachable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedisFailureMode {
    /// Pace within this process at `rate / fleet_size` (see [`RedisRateLimiter::fleet_size`]),
    /// so that the fleet as a whole stays near the rate (the default).
    #[default]
    FallBackToLocal,
    /// Fail the call with a [`RateLimitError`] (the request is not sent).
    Fail,
}

/// Paces every process of a fleet together: one schedule per account, service, version, action
/// and region, kept in Redis (feature `redis`).
///
/// Each slot is booked by a Lua script (GCRA without bursts, on the Redis server's clock, so the
/// hosts' clocks do not matter): the script books the slot `1/rate` after the last one booked, or
/// now, and the caller sleeps until it. Within a process, the callers of one key queue first come,
/// first served, and only the one at the head holds a booking, so a changed rate (adaptive
/// pacing) applies from the next booking on.
///
/// # Keys
///
/// `{prefix}:{account}:{service}:{version}:{action}:{region}`, e.g.
/// `tcsdk:rl:1250000000:cvm:2017-03-12:RunInstances:ap-guangzhou`, holds the theoretical arrival
/// time (the next free slot) in microseconds of Redis server time. It expires (`PX`) one second
/// after its slot has passed, so the keys of idle actions vanish. `prefix` is
/// [`key_prefix`](Self::key_prefix) (default `tcsdk:rl`); `account` is the label given to
/// [`new`](Self::new): whatever names the Tencent Cloud account whose limits are shared, such as
/// its AppId, never the secret id (temporary keys change, the account's limits do not).
///
/// # Late callers
///
/// A caller more than 20 ms late for its slot (its host or runtime stalled while it slept, or
/// Redis's answer was held up on its way, beyond the usual round trip) would send just before the
/// next process's slot; it books a new slot instead (three times at most, then sends).
///
/// # When Redis is unreachable
///
/// One multiplexed connection is made on first use and shared by clones (its driver task runs on
/// the Tokio runtime of the call that made it). When connecting or a
/// booking fails or takes longer than [`timeout`](Self::timeout), the connection is dropped, a
/// warning is logged once for the outage, and the [`RedisFailureMode`] applies at once to every
/// call until [`reconnect_after`](Self::reconnect_after) has passed; then the next call tries to
/// connect again. When Redis answers again, shared pacing resumes (logged once).
///
/// With [`RedisFailureMode::FallBackToLocal`], the handovers keep the fleet's pace: the first
/// local slot comes `fleet_size / rate` after the process's last shared one (so the processes keep
/// the phases the shared schedule gave them), and for `reconnect_after + timeout` after Redis
/// answers again, a process keeps to its local share while booking its slots in Redis, because the
/// other processes may still be pacing locally until their next connection attempt.
///
/// ```no_run
/// use generated_sdk::runtime::rate_limit::{RedisFailureMode, RedisRateLimiter};
/// use generated_sdk::runtime::{Config, Credentials};
///
/// let limiter = RedisRateLimiter::new("redis://:password@10.0.0.5:6379/0", "1250000000")?
///     .fleet_size(8)
///     .failure_mode(RedisFailureMode::FallBackToLocal);
/// let config = Config::new(Credentials::new("AKID...", "...")).rate_limiter(limiter);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct RedisRateLimiter {
    client: redis::Client,
    /// The URL with its password (and any userinfo) masked: for logs, errors and `Debug`.
    url: Arc<str>,
    account: Arc<str>,
    prefix: Arc<str>,
    failure_mode: RedisFailureMode,
    fleet_size: u32,
    timeout: Duration,
    reconnect_after: Duration,
    shared: Arc<Shared>,
}

/// What clones share: the connection, the outage state, the local queues and the fallback.
struct Shared {
    script: redis::Script,
    state: Mutex<State>,
    /// One connection attempt at a time.
    connecting: tokio::sync::Mutex<()>,
    /// This process's queue of callers per Redis key.
    queues: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Queue>>>>,
    /// Paces while Redis is unreachable ([`RedisFailureMode::FallBackToLocal`]).
    local: LocalRateLimiter,
}

#[derive(Default)]
struct State {
    connection: Option<MultiplexedConnection>,
    /// Counts connections made, so that a failure on an old one does not drop a newer one.
    generation: u64,
    /// No connection attempt before this (set on a failure).
    down_until: Option<Instant>,
    /// Why Redis is unreachable, while it is (logged once, quoted in errors).
    outage: Option<String>,
    /// When Redis last answered again after an outage.
    resumed_at: Option<Instant>,
    /// How long a booking usually takes, there and back (see [`RedisRateLimiter::excess_round_trip`]).
    usual_round_trip: Option<Duration>,
}

/// The head of one key's queue in this process: when and how its last slot was granted.
#[derive(Default)]
struct Queue {
    last: Option<Grant>,
}

#[derive(Clone, Copy)]
struct Grant {
    at: Instant,
    shared: bool,
}

impl RedisRateLimiter {
    /// A limiter on the Redis at `url` (`redis://[user][:password@]host[:port][/db]`, or
    /// `redis+unix:///path`), sharing schedules with every limiter given the same `account`.
    ///
    /// Only parses the URL: the connection is made on first use.
    pub fn new(url: &str, account: impl Into<String>) -> Result<Self, RateLimitError> {
        let redacted = redact_url(url);
        let client = redis::Client::open(url)
            .map_err(|e| RateLimitError::new(format!("invalid Redis URL {redacted}: {e}")))?;
        Ok(Self {
            client,
            url: redacted.into(),
            account: account.into().into(),
            prefix: "tcsdk:rl".into(),
            failure_mode: RedisFailureMode::default(),
            fleet_size: 1,
            timeout: Duration::from_millis(500),
            reconnect_after: Duration::from_secs(1),
            shared: Arc::new(Shared {
                script: redis::Script::new(SCRIPT),
                state: Mutex::new(State::default()),
                connecting: tokio::sync::Mutex::new(()),
                queues: Mutex::default(),
                local: LocalRateLimiter::new(),
            }),
        })
    }

    /// The first part of every key (default `tcsdk:rl`).
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into().into();
        self
    }

    /// What to do while Redis is unreachable (default [`RedisFailureMode::FallBackToLocal`]).
    pub fn failure_mode(mut self, mode: RedisFailureMode) -> Self {
        self.failure_mode = mode;
        self
    }

    /// How many processes share the account's limits (default 1; 0 counts as 1): while Redis is
    /// unreachable, [`RedisFailureMode::FallBackToLocal`] paces each at `rate / fleet_size`.
    pub fn fleet_size(mut self, processes: u32) -> Self {
        self.fleet_size = processes.max(1);
        self
    }

    /// The longest a connection attempt, and each round trip to Redis, may take before Redis
    /// counts as unreachable (default 500 ms).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// After a failure, how long to apply the failure mode without trying Redis again (default
    /// 1 s).
    pub fn reconnect_after(mut self, wait: Duration) -> Self {
        self.reconnect_after = wait;
        self
    }

    /// The Redis key holding the schedule of `key`.
    fn redis_key(&self, key: &RateLimitKey<'_>) -> String {
        format!(
            "{}:{}:{}:{}:{}:{}",
            self.prefix, self.account, key.service, key.version, key.action, key.region
        )
    }

    fn queue(&self, redis_key: &str) -> Arc<tokio::sync::Mutex<Queue>> {
        let mut queues = lock(&self.shared.queues);
        if let Some(queue) = queues.get(redis_key) {
            return queue.clone();
        }
        let queue = Arc::new(tokio::sync::Mutex::new(Queue::default()));
        queues.insert(redis_key.to_owned(), queue.clone());
        queue
    }

    /// Waits for the slot of `key` (the body of [`RateLimiter::acquire`]).
    async fn wait(&self, key: RateLimitKey<'_>, rate: Rate<'_>) -> Result<(), RateLimitError> {
        let redis_key = self.redis_key(&key);
        let queue = self.queue(&redis_key);
        // First come, first served; the head keeps its place across the booking and the sleep.
        let mut queue = queue.lock().await;
        // The rate in force now that this caller's turn has come.
        let per_second = rate.per_second();
        let fleet_size = f64::from(self.fleet_size);
        let fallback_rate = per_second / fleet_size;
        let interval_us = micros(interval(per_second)).max(1);
        // Back from local pacing, or just after an outage: other processes may still pace
        // locally, unseen by Redis, so keep to this process's share, and book the slot it allows.
        let not_before = queue
            .last
            .filter(|last| !last.shared || self.resuming())
            .map(|last| last.at + interval(fallback_rate));
        let mut rebooked = 0;
        loop {
            let earliest_us =
                not_before.map_or(0, |at| micros(at.saturating_duration_since(Instant::now())));
            let asked = Instant::now();
            match self.book(&redis_key, interval_us, earliest_us).await {
                Ok(wait) => {
                    let answered = Instant::now();
                    // The slot is `wait` after Redis ran the script, some time between asking and
                    // the answer: counted from the answer, it is never early, and late by as much
                    // as the answer was slower than usual.
                    let slow_answer = self.excess_round_trip(answered - asked);
                    let slot = answered + wait;
                    tokio::time::sleep_until(slot).await;
                    // Late (a stalled host or a delayed answer): the processes' next slots follow
                    // closer than the rate allows, so this slot is given up for a new one (a few
                    // times at most).
                    let late = Instant::now().saturating_duration_since(slot) + slow_answer;
                    if late > LATE_AFTER && rebooked < MAX_LATE_RETRIES {
                        rebooked += 1;
                        continue;
                    }
                    queue.last = Some(Grant {
                        at: slot,
                        shared: true,
                    });
                    return Ok(());
                }
                Err(why) => return self.fail_over(&mut queue, key, rate, why).await,
            }
        }
    }

    /// What [`RedisFailureMode`] says to do for a caller whose booking failed (`why`).
    async fn fail_over(
        &self,
        queue: &mut Queue,
        key: RateLimitKey<'_>,
        rate: Rate<'_>,
        why: String,
    ) -> Result<(), RateLimitError> {
        let fleet_size = f64::from(self.fleet_size);
        match self.failure_mode {
            RedisFailureMode::Fail => Err(RateLimitError::new(format!(
                "Redis at {} is unreachable ({why}); the request was not sent",
                self.url
            ))),
            RedisFailureMode::FallBackToLocal => {
                // Take over from this process's last slot at its share of the rate, so that
                // the fleet keeps the phases the shared schedule gave it.
                if let Some(last) = queue.last {
                    let fallback = interval(rate.per_second() / fleet_size);
                    sleep_on_phase(last.at + fallback, fallback).await;
                }
                let share = || rate.per_second() / fleet_size;
                self.shared.local.wait(key, Rate::current(&share)).await;
                queue.last = Some(Grant {
                    at: Instant::now(),
                    shared: false,
                });
                Ok(())
            }
        }
    }

    /// Books the next slot in Redis: how long to wait for it, or why Redis is unreachable.
    async fn book(
        &self,
        redis_key: &str,
        interval_us: u64,
        earliest_us: u64,
    ) -> Result<Duration, String> {
        let (mut connection, generation) = self.connection().await?;
        // EVALSHA, and SCRIPT LOAD + EVALSHA the first time on a server (each round trip has
        // `timeout` on the connection; this bounds them together).
        let limit = self.timeout.saturating_mul(3);
        let booked = tokio::time::timeout(
            limit,
            self.shared
                .script
                .key(redis_key)
                .arg(interval_us)
                .arg(earliest_us)
                .invoke_async::<i64>(&mut connection),
        )
        .await;
        let error = match booked {
            Ok(Ok(wait_us)) => {
                self.answered();
                return Ok(Duration::from_micros(u64::try_from(wait_us).unwrap_or(0)));
            }
            Ok(Err(e)) => e.to_string(),
            Err(_) => format!("no answer within {limit:?}"),
        };
        Err(self.failed(Some(generation), error))
    }

    /// The shared connection, made if there is none and Redis is not known to be down.
    async fn connection(&self) -> Result<(MultiplexedConnection, u64), String> {
        if let Some(ready) = self.cached_connection()? {
            return Ok(ready);
        }
        let _connecting = self.shared.connecting.lock().await;
        // Another caller may have connected, or failed to, while this one queued.
        if let Some(ready) = self.cached_connection()? {
            return Ok(ready);
        }
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout));
        let connected = tokio::time::timeout(
            self.timeout,
            self.client
                .get_multiplexed_async_connection_with_config(&config),
        )
        .await;
        match connected {
            Ok(Ok(connection)) => {
                let mut state = lock(&self.shared.state);
                state.generation += 1;
                state.connection = Some(connection.clone());
                state.down_until = None;
                Ok((connection, state.generation))
            }
            Ok(Err(e)) => Err(self.failed(None, e.to_string())),
            Err(_) => {
                Err(self.failed(None, format!("could not connect within {:?}", self.timeout)))
            }
        }
    }

    /// The cached connection; an error while Redis is known to be down; `None` to connect.
    fn cached_connection(&self) -> Result<Option<(MultiplexedConnection, u64)>, String> {
        let state = lock(&self.shared.state);
        if let Some(connection) = &state.connection {
            return Ok(Some((connection.clone(), state.generation)));
        }
        match (&state.outage, state.down_until) {
            (Some(why), Some(until)) if Instant::now() < until => Err(why.clone()),
            _ => Ok(None),
        }
    }

    /// Records a failure (of the connection of `generation`, or of connecting): drops the
    /// connection, holds off reconnecting, and logs the outage once. Returns the reason.
    fn failed(&self, generation: Option<u64>, error: String) -> String {
        let mut state = lock(&self.shared.state);
        if generation.is_some_and(|g| g != state.generation) {
            // A newer connection is in place already: this failure is not news.
            return error;
        }
        state.connection = None;
        state.down_until = Some(Instant::now() + self.reconnect_after);
        if state.outage.is_none() {
            match self.failure_mode {
                RedisFailureMode::Fail => tracing::warn!(
                    url = %self.url,
                    error = %error,
                    "Redis rate limiter unreachable: failing calls (not sending them) until it answers again"
                ),
                RedisFailureMode::FallBackToLocal => tracing::warn!(
                    url = %self.url,
                    error = %error,
                    fleet_size = self.fleet_size,
                    "Redis rate limiter unreachable: falling back to pacing locally at 1/{} of each rate until it answers again",
                    self.fleet_size
                ),
            }
        }
        state.outage = Some(error.clone());
        error
    }

    /// Whether Redis answered again so recently that other processes of the fleet may still be
    /// pacing locally (they try again within `reconnect_after`, plus `timeout` to connect).
    fn resuming(&self) -> bool {
        self.failure_mode == RedisFailureMode::FallBackToLocal
            && lock(&self.shared.state)
                .resumed_at
                .is_some_and(|at| at.elapsed() < self.reconnect_after.saturating_add(self.timeout))
    }

    /// How much longer than usual a booking's round trip took. The usual round trip drops at once
    /// to a faster one and follows a slower one by an eighth of the difference per booking, so a
    /// Redis that is steadily far away does not count as late, and a stall does.
    fn excess_round_trip(&self, round_trip: Duration) -> Duration {
        let mut state = lock(&self.shared.state);
        let usual = state.usual_round_trip.unwrap_or(round_trip);
        let excess = round_trip.saturating_sub(usual);
        state.usual_round_trip = Some(usual.min(round_trip) + excess / 8);
        excess
    }

    /// Records an answer from Redis: ends an outage (logged once).
    fn answered(&self) {
        let mut state = lock(&self.shared.state);
        if state.outage.take().is_some() {
            state.resumed_at = Some(Instant::now());
            tracing::info!(url = %self.url, "Redis rate limiter answers again: shared pacing resumed");
        }
    }
}

impl RateLimiter for RedisRateLimiter {
    fn acquire<'a>(&'a self, key: RateLimitKey<'a>, rate: Rate<'a>) -> RateLimitFuture<'a> {
        RateLimitFuture::new(self.wait(key, rate))
    }
}

impl fmt::Debug for RedisRateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisRateLimiter")
            .field("url", &self.url)
            .field("account", &self.account)
            .field("key_prefix", &self.prefix)
            .field("failure_mode", &self.failure_mode)
            .field("fleet_size", &self.fleet_size)
            .field("timeout", &self.timeout)
            .field("reconnect_after", &self.reconnect_after)
            .finish_non_exhaustive()
    }
}

/// Whole microseconds (saturating).
fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `url` with its userinfo (user and password) and any `pass`/`password` query value masked.
fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let (head, query) = match rest.find(['?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(scheme);
    match head.rfind('@') {
        Some(at) => {
            out.push_str("***");
            out.push_str(&head[at..]);
        }
        None => out.push_str(head),
    }
    let (query, fragment) = match query.find('#') {
        Some(i) => query.split_at(i),
        None => (query, ""),
    };
    if let Some(pairs) = query.strip_prefix('?') {
        out.push('?');
        for (i, pair) in pairs.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, _))
                    if name.eq_ignore_ascii_case("pass")
                        || name.eq_ignore_ascii_case("password") =>
                {
                    out.push_str(name);
                    out.push_str("=***");
                }
                _ => out.push_str(pair),
            }
        }
    }
    out.push_str(fragment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_answer_counts_as_lateness_and_a_steadily_far_redis_does_not() {
        let limiter = RedisRateLimiter::new("redis://127.0.0.1:6379", "1250000000").unwrap();
        let ms = Duration::from_millis;
        // The first answer sets the usual round trip; answers as fast or faster are not late.
        assert_eq!(limiter.excess_round_trip(ms(2)), Duration::ZERO);
        assert_eq!(limiter.excess_round_trip(ms(1)), Duration::ZERO);
        // An answer held up 100 ms (a stall while it was on its way) is that much late.
        assert_eq!(limiter.excess_round_trip(ms(101)), ms(100));
        // A Redis that now answers in 30 ms every time soon stops counting as late (the usual
        // round trip follows it up by an eighth of the difference per answer).
        let excess: Vec<Duration> = (0..40).map(|_| limiter.excess_round_trip(ms(30))).collect();
        assert!(excess[0] > ms(10), "{excess:?}");
        assert!(excess.windows(2).all(|w| w[1] < w[0]), "{excess:?}");
        assert!(excess[39] < ms(1), "{excess:?}");
    }

    #[test]
    fn debug_and_errors_mask_the_password() {
        let limiter =
            RedisRateLimiter::new("redis://admin:s3cret@10.0.0.5:6379/2", "1250000000").unwrap();
        let debug = format!("{limiter:?}");
        assert!(
            !debug.contains("s3cret") && !debug.contains("admin"),
            "{debug}"
        );
        assert!(debug.contains("redis://***@10.0.0.5:6379/2"), "{debug}");

        assert_eq!(redact_url("redis://:pw@host"), "redis://***@host");
        assert_eq!(redact_url("redis://host:6379/0"), "redis://host:6379/0");
        // A password with an unescaped '/' or '@' is still masked whole.
        assert_eq!(redact_url("redis://u:a/b@c@host/1"), "redis://***@host/1");
        assert_eq!(
            redact_url("redis+unix:///run/redis.sock?db=1&pass=pw&user=me"),
            "redis+unix:///run/redis.sock?db=1&pass=***&user=me"
        );

        let error = RedisRateLimiter::new("http://user:s3cret@host", "a").unwrap_err();
        assert!(
            error
                .message()
                .contains("invalid Redis URL http://***@host"),
            "{error}"
        );
        assert!(!error.message().contains("s3cret"), "{error}");
        assert!(RedisRateLimiter::new("not a url", "a").is_err());
    }

    #[test]
    fn key_layout() {
        let limiter = RedisRateLimiter::new("redis://127.0.0.1:6379", "1250000000").unwrap();
        let key = RateLimitKey {
            service: "cvm",
            version: "2017-03-12",
            action: "RunInstances",
            region: "ap-guangzhou",
        };
        assert_eq!(
            limiter.redis_key(&key),
            "tcsdk:rl:1250000000:cvm:2017-03-12:RunInstances:ap-guangzhou"
        );
        let limiter = limiter.key_prefix("fleet-a");
        assert_eq!(
            limiter.redis_key(&RateLimitKey { region: "", ..key }),
            "fleet-a:1250000000:cvm:2017-03-12:RunInstances:"
        );
    }

    #[tokio::test]
    async fn unreachable_redis_fails_or_falls_back_without_waiting_to_reconnect() {
        // Nothing listens on port 1; connecting is refused at once.
        let key = RateLimitKey {
            service: "cvm",
            version: "2017-03-12",
            action: "RunInstances",
            region: "ap-guangzhou",
        };
        let failing = RedisRateLimiter::new("redis://:pw@127.0.0.1:1", "a")
            .unwrap()
            .failure_mode(RedisFailureMode::Fail);
        for _ in 0..3 {
            let error = failing.acquire(key, Rate::fixed(10.0)).await.unwrap_err();
            assert!(
                error
                    .message()
                    .contains("Redis at redis://***@127.0.0.1:1 is unreachable"),
                "{error}"
            );
        }

        let falling_back = RedisRateLimiter::new("redis://127.0.0.1:1", "a")
            .unwrap()
            .fleet_size(4);
        let start = Instant::now();
        for _ in 0..3 {
            falling_back.acquire(key, Rate::fixed(10.0)).await.unwrap();
        }
        // At 10/s over a fleet of 4: a slot every 400 ms (on the real clock: connecting is real).
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_millis(800) && elapsed < Duration::from_millis(1200),
            "{elapsed:?}"
        );
    }
}
