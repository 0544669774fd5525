//! What a generated builder's `send()` returns: a named future, the same type for every action.
//!
//! An `async fn send` per action would be a state machine of its own that the SDK's build
//! type-checks for every action (the largest per-action compile cost measured); this one is
//! typed once, and its work (sign, send, decode) is compiled where it is awaited.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{BuildError, Handle, Operation, SdkError};

/// The outcome of sending an `O`.
type Outcome<O> = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>;

/// The future of a builder's `send()`: it calls the service with the built request (rate limit,
/// signature, retries) when first polled, and resolves to the action's response or its error; a
/// request that failed to build resolves to that error, and nothing is sent.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct SendFuture<O: Operation> {
    /// The client and the built request, until the first poll.
    start: Option<(Handle, Result<O, BuildError>)>,
    /// The call, from the first poll on.
    call: Option<Pin<Box<dyn Future<Output = Outcome<O>> + Send>>>,
}

impl<O: Operation> SendFuture<O> {
    #[doc(hidden)]
    pub fn new(handle: Handle, request: Result<O, BuildError>) -> Self {
        Self {
            start: Some((handle, request)),
            call: None,
        }
    }
}

// Nothing is pinned in place: the call is boxed.
impl<O: Operation> Unpin for SendFuture<O> {}

impl<O: Operation> Future for SendFuture<O>
where
    Outcome<O>: Send,
{
    type Output = Outcome<O>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some((handle, request)) = this.start.take() {
            this.call = Some(Box::pin(handle.call_built(request)));
        }
        match &mut this.call {
            Some(call) => call.as_mut().poll(cx),
            // Not reached: `start` is there until `call` is.
            None => Poll::Pending,
        }
    }
}

impl<O: Operation> fmt::Debug for SendFuture<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("action", &O::METADATA.action)
            .field("started", &self.call.is_some())
            .finish()
    }
}
