//! What a generated builder's `send()` returns: a named future, the same type for every action.
//!
//! An `async fn send` per action would be a state machine of its own that the SDK's build
//! type-checks for every action (the largest per-action compile cost measured); this one is
//! typed once, and its work (build, sign, send, decode) is compiled where it is awaited.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{BuildError, Handle, Operation, SdkError};

/// A request builder attached to a client.
#[doc(hidden)]
pub trait Attached: Sized + Unpin + 'static {
    /// The request the builder builds.
    type Request: Operation;

    /// The client the builder came from, and the request it builds (or why it cannot).
    fn into_call(self) -> (Handle, Result<Self::Request, BuildError>);
}

/// The outcome of sending `B`'s request.
type Outcome<B> = Result<
    <<B as Attached>::Request as Operation>::Output,
    SdkError<<<B as Attached>::Request as Operation>::Error>,
>;

/// The future of a builder's `send()`: it builds the request when first polled, then calls the
/// service (rate limit, signature, retries) and resolves to the action's response or its error.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct SendFuture<B: Attached> {
    /// The builder, until the first poll.
    builder: Option<B>,
    /// The call, from the first poll on.
    call: Option<Pin<Box<dyn Future<Output = Outcome<B>> + Send>>>,
}

impl<B: Attached> SendFuture<B> {
    #[doc(hidden)]
    pub fn new(builder: B) -> Self {
        Self {
            builder: Some(builder),
            call: None,
        }
    }
}

impl<B: Attached> Future for SendFuture<B>
where
    Outcome<B>: Send,
    B::Request: Send,
{
    type Output = Outcome<B>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Some(builder) = this.builder.take() {
            let (handle, request) = builder.into_call();
            this.call = Some(Box::pin(handle.call_built(request)));
        }
        match &mut this.call {
            Some(call) => call.as_mut().poll(cx),
            // Not reached: `builder` is there until `call` is.
            None => Poll::Pending,
        }
    }
}

impl<B: Attached> fmt::Debug for SendFuture<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("action", &B::Request::METADATA.action)
            .field("started", &self.call.is_some())
            .finish()
    }
}
