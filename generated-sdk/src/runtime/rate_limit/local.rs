//! The in-process limiter: one FIFO schedule per key.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::{Arc, Mutex};

use tokio::sync::OwnedMutexGuard;
use tokio::time::Instant;

use super::{interval, sleep_on_phase, Rate, RateLimitFuture, RateLimitKey, RateLimiter};

/// Paces each key within this process (the default limiter). Clones share the schedules.
///
/// Waiters of a key queue on a fair (FIFO) lock; the one at the head sleeps until its slot, then
/// books the next one `1/rate` later at the rate it was given.
#[derive(Clone, Default)]
pub struct LocalRateLimiter {
    /// Schedules by the hash of their key (looked up without allocating), then by the key.
    schedules: Arc<Mutex<Schedules>>,
}

type Schedules = HashMap<u64, Vec<(OwnedKey, Schedule)>, BuildHasherDefault<KeyHash>>;

/// The next free slot of one key.
type Schedule = Arc<tokio::sync::Mutex<Option<Instant>>>;

#[derive(Debug, Clone, PartialEq, Eq)]
struct OwnedKey {
    service: String,
    version: String,
    action: String,
    region: String,
}

impl OwnedKey {
    fn is(&self, key: &RateLimitKey<'_>) -> bool {
        self.action == key.action
            && self.service == key.service
            && self.region == key.region
            && self.version == key.version
    }
}

impl std::fmt::Debug for LocalRateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = self.schedules.lock().map_or(0, |schedules| {
            schedules.values().map(Vec::len).sum::<usize>()
        });
        f.debug_struct("LocalRateLimiter")
            .field("keys", &keys)
            .finish()
    }
}

impl LocalRateLimiter {
    /// A limiter with no schedules yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn schedule(&self, key: RateLimitKey<'_>) -> Schedule {
        let hash = {
            let mut hasher = KeyHash::default();
            key.hash(&mut hasher);
            hasher.finish()
        };
        let mut schedules = self
            .schedules
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let bucket = schedules.entry(hash).or_default();
        if let Some((_, schedule)) = bucket.iter().find(|(k, _)| k.is(&key)) {
            return schedule.clone();
        }
        let schedule = Schedule::default();
        bucket.push((
            OwnedKey {
                service: key.service.to_owned(),
                version: key.version.to_owned(),
                action: key.action.to_owned(),
                region: key.region.to_owned(),
            },
            schedule.clone(),
        ));
        schedule
    }

    /// Waits for the slot of `key` (what [`RateLimiter::acquire`] does, as a plain future).
    #[cfg(feature = "redis")]
    pub(crate) async fn wait(&self, key: RateLimitKey<'_>, rate: Rate<'_>) {
        let next = self.schedule(key).lock_owned().await;
        take_slot(next, rate).await;
    }
}

/// Takes the next slot of a schedule whose turn has come (its lock held): sleeps until the slot
/// (or, woken late, the next one of its phase: see [`sleep_on_phase`]), then books the following
/// one `1/rate` later.
async fn take_slot(mut next: OwnedMutexGuard<Option<Instant>>, rate: Rate<'_>) {
    let now = Instant::now();
    let slot = match *next {
        Some(at) if at > now => sleep_on_phase(at, interval(rate.per_second())).await,
        _ => now,
    };
    // The rate in force now, when this waiter's turn has come.
    *next = Some(slot + interval(rate.per_second()));
}

impl RateLimiter for LocalRateLimiter {
    fn acquire<'a>(&'a self, key: RateLimitKey<'a>, rate: Rate<'a>) -> RateLimitFuture<'a> {
        let schedule = self.schedule(key);
        let now = Instant::now();
        match schedule.clone().try_lock_owned() {
            // Nobody waits on this key and its slot is due: taken at once, nothing to box.
            Ok(mut next) if next.is_none_or(|at| at <= now) => {
                *next = Some(now + interval(rate.per_second()));
                RateLimitFuture::ready(Ok(()))
            }
            // The lock is held from here on: those who come later queue behind this caller.
            Ok(next) => RateLimitFuture::new(async move {
                take_slot(next, rate).await;
                Ok(())
            }),
            Err(_) => RateLimitFuture::new(async move {
                take_slot(schedule.lock_owned().await, rate).await;
                Ok(())
            }),
        }
    }
}

/// The hash of a schedule's key: the same on every call and in every process (FxHash's
/// multiply-rotate over 8-byte words; keys come from the code and the configuration, not from the
/// network), and the identity on the `u64` it produces when the schedules map hashes it again.
#[derive(Default)]
struct KeyHash(u64);

impl KeyHash {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for KeyHash {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u64(&mut self, word: u64) {
        // The schedules map hashes the key's hash: keep it.
        self.0 = word;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const KEY: RateLimitKey<'static> = RateLimitKey {
        service: "cvm",
        version: "2017-03-12",
        action: "RunInstances",
        region: "ap-guangzhou",
    };

    #[tokio::test(start_paused = true)]
    async fn spaces_slots_at_the_rate_in_force() {
        let limiter = LocalRateLimiter::new();
        let start = Instant::now();
        for _ in 0..5 {
            limiter.acquire(KEY, Rate::fixed(10.0)).await.unwrap();
        }
        // Slots at 0, 100, 200, 300, 400 ms.
        assert_eq!(start.elapsed(), Duration::from_millis(400));
        // A slower rate applies from the next slot on: 500 ms, then 500 + 500 ms.
        limiter.acquire(KEY, Rate::fixed(2.0)).await.unwrap();
        limiter.acquire(KEY, Rate::fixed(2.0)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(1000));
        // Another key has its own schedule.
        let other = RateLimitKey {
            action: "DescribeInstances",
            ..KEY
        };
        limiter.acquire(other, Rate::fixed(1.0)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(1000));
    }

    /// When `limiter` lets a call of `KEY` at 10 per second through.
    async fn acquired_at(limiter: LocalRateLimiter) -> Instant {
        limiter.acquire(KEY, Rate::fixed(10.0)).await.unwrap();
        Instant::now()
    }

    #[tokio::test(start_paused = true)]
    async fn a_waiter_woken_late_takes_the_next_slot_of_its_phase() {
        let limiter = LocalRateLimiter::new();
        let start = Instant::now();
        limiter.acquire(KEY, Rate::fixed(10.0)).await.unwrap();
        // The next slot is at 100 ms; its waiter is woken at 250 ms (a stalled runtime).
        let late = tokio::spawn(acquired_at(limiter.clone()));
        tokio::task::yield_now().await;
        tokio::time::advance(Duration::from_millis(250)).await;
        // Sent at once, at 250 ms, it would leave the next waiter a slot (200 ms) already past, and
        // both would go together: it takes the next slot of the schedule's phase, 300 ms.
        assert_eq!(late.await.unwrap() - start, Duration::from_millis(300));
        // The one after it keeps its distance: 400 ms.
        limiter.acquire(KEY, Rate::fixed(10.0)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(400));
        // Lateness within `LATE_AFTER` keeps the slot: 500 ms, woken at 510, then 600 ms.
        let slightly = tokio::spawn(acquired_at(limiter.clone()));
        tokio::task::yield_now().await;
        tokio::time::advance(Duration::from_millis(110)).await;
        assert_eq!(slightly.await.unwrap() - start, Duration::from_millis(510));
        limiter.acquire(KEY, Rate::fixed(10.0)).await.unwrap();
        assert_eq!(start.elapsed(), Duration::from_millis(600));
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_are_served_in_order() {
        let limiter = LocalRateLimiter::new();
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..5 {
            let limiter = limiter.clone();
            let order = order.clone();
            tasks.push(tokio::spawn(async move {
                limiter.acquire(KEY, Rate::fixed(10.0)).await.unwrap();
                order.lock().unwrap().push(i);
            }));
            tokio::task::yield_now().await;
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3, 4]);
    }
}
