//! Waiters: poll an action until resources reach a state, with backoff and a deadline.

use std::time::{Duration, Instant};

use super::{BuildError, Handle, Operation, SdkError, ServiceError};

/// A waiter declared in the spec (generated as a constant per waiter; not a stable API).
pub struct WaiterDefinition<O: Operation> {
    /// Waiter name, e.g. `InstancesRunning`.
    pub name: &'static str,
    /// Builds the poll request for the resource ids.
    pub request: fn(&[String]) -> Result<O, BuildError>,
    /// (id, state) of every resource in a poll's output.
    pub states: fn(&O::Output) -> Vec<(String, String)>,
    /// States that end the wait successfully (every resource must reach one).
    pub success: &'static [&'static str],
    /// States that end the wait with [`WaiterError::FailureState`].
    pub failure: &'static [&'static str],
    /// Error codes that mean "not visible yet": keep polling.
    pub retry_on: &'static [&'static str],
    /// First delay between polls; it grows by half each poll up to `max_delay`.
    pub min_delay: Duration,
    /// Longest delay between polls.
    pub max_delay: Duration,
    /// Default deadline.
    pub max_wait: Duration,
}

/// Why a wait ended without success.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WaiterError<E: ServiceError> {
    /// A resource reached a failure state (e.g. `LAUNCH_FAILED`).
    #[error("{waiter}: {id} reached {state}")]
    FailureState {
        /// The waiter.
        waiter: &'static str,
        /// The resource.
        id: String,
        /// The state it reached.
        state: String,
    },
    /// The deadline passed first.
    #[error("{waiter}: gave up after {waited:?}; last states {last:?}")]
    Timeout {
        /// The waiter.
        waiter: &'static str,
        /// How long it waited.
        waited: Duration,
        /// (id, state) at the last poll; resources not seen yet are absent.
        last: Vec<(String, String)>,
    },
    /// A poll failed.
    #[error(transparent)]
    Sdk(SdkError<E>),
}

/// A configured wait; run it with [`Waiter::wait`].
pub struct Waiter<O: Operation> {
    handle: Handle,
    definition: &'static WaiterDefinition<O>,
    ids: Vec<String>,
    max_wait: Duration,
    min_delay: Duration,
    max_delay: Duration,
}

impl<O: Operation> std::fmt::Debug for Waiter<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiter")
            .field("name", &self.definition.name)
            .field("ids", &self.ids)
            .field("max_wait", &self.max_wait)
            .finish_non_exhaustive()
    }
}

impl<O: Operation> Waiter<O> {
    /// A wait for `ids` with the definition's defaults (generated `wait_until_*` methods make it).
    #[doc(hidden)]
    pub fn new(handle: Handle, definition: &'static WaiterDefinition<O>, ids: Vec<String>) -> Self {
        Self {
            handle,
            definition,
            ids,
            max_wait: definition.max_wait,
            min_delay: definition.min_delay,
            max_delay: definition.max_delay,
        }
    }

    /// The deadline.
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// Delay bounds between polls.
    pub fn delay(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// Polls until every resource is in a success state, one is in a failure state, or the
    /// deadline passes. Returns the last poll's output. Polls go through the client, so its rate
    /// limiter and retries apply.
    pub async fn wait(self) -> Result<O::Output, WaiterError<O::Error>> {
        let definition = self.definition;
        let started = Instant::now();
        let deadline = started + self.max_wait;
        let request =
            (definition.request)(&self.ids).map_err(|e| WaiterError::Sdk(SdkError::Build(e)))?;
        let mut delay = self.min_delay;
        let mut last = Vec::new();
        loop {
            match self.handle.call(request.clone()).await {
                Ok(output) => {
                    let states = (definition.states)(&output);
                    if let Some((id, state)) = states
                        .iter()
                        .find(|(_, s)| definition.failure.contains(&s.as_str()))
                    {
                        return Err(WaiterError::FailureState {
                            waiter: definition.name,
                            id: id.clone(),
                            state: state.clone(),
                        });
                    }
                    let done = self.ids.iter().all(|id| {
                        states
                            .iter()
                            .any(|(i, s)| i == id && definition.success.contains(&s.as_str()))
                    });
                    if done {
                        return Ok(output);
                    }
                    tracing::debug!(waiter = definition.name, ?states, "waiting");
                    last = states;
                }
                Err(SdkError::Service(e)) if definition.retry_on.contains(&e.meta().code()) => {
                    tracing::debug!(
                        waiter = definition.name,
                        code = e.meta().code(),
                        "not visible yet"
                    );
                }
                Err(e) => return Err(WaiterError::Sdk(e)),
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(WaiterError::Timeout {
                    waiter: definition.name,
                    waited: now - started,
                    last,
                });
            }
            let jittered = delay.mul_f64(0.5 + fastrand::f64() / 2.0);
            tokio::time::sleep(jittered.min(deadline - now)).await;
            delay = delay.mul_f64(1.5).min(self.max_delay);
        }
    }
}
