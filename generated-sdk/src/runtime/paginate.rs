//! Paginators for Offset/Limit/TotalCount actions, as `futures::Stream`s of pages or items.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt as _};

use super::{BuildError, Handle, Operation, SdkError};

/// An action that pages with Offset/Limit/TotalCount (implemented by generated code).
pub trait Paginated: Operation {
    /// One element of the page's items field.
    type Item: Send + 'static;
    /// The page size the service uses when the request sets no Limit.
    const DEFAULT_LIMIT: i64;
    /// The request's Offset (0 when unset).
    fn offset(&self) -> i64;
    /// Sets the Offset of the next page.
    fn set_offset(&mut self, offset: i64);
    /// The request's Limit, if set.
    fn limit(&self) -> Option<i64>;
    /// The response's TotalCount.
    fn total_count(output: &Self::Output) -> Option<i64>;
    /// How many items the page holds.
    fn item_count(output: &Self::Output) -> usize;
    /// Moves the items out of a page.
    fn take_items(output: &mut Self::Output) -> Vec<Self::Item>;
}

type PageStream<O> = Pin<
    Box<
        dyn Stream<Item = Result<<O as Operation>::Output, SdkError<<O as Operation>::Error>>>
            + Send,
    >,
>;

/// A stream of pages: requests the next page only when the previous one is consumed, and stops
/// at TotalCount or at a short (or empty) page. An error ends the stream with that error.
pub struct Paginator<O: Paginated> {
    pages: PageStream<O>,
}

enum State<O> {
    Next { handle: Handle, request: O },
    Failed(BuildError),
    Done,
}

impl<O: Paginated> Paginator<O> {
    /// A paginator sending `request` (or reporting its build error) through `handle`.
    pub fn new(handle: Handle, request: Result<O, BuildError>) -> Self {
        let start = match request {
            Ok(request) => State::Next { handle, request },
            Err(error) => State::Failed(error),
        };
        let pages = stream::unfold(start, |state| async move {
            match state {
                State::Done => None,
                State::Failed(error) => Some((Err(SdkError::Build(error)), State::Done)),
                State::Next {
                    handle,
                    mut request,
                } => match handle.call(request.clone()).await {
                    Err(error) => Some((Err(error), State::Done)),
                    Ok(output) => {
                        let count = O::item_count(&output) as i64;
                        let limit = request.limit().unwrap_or(O::DEFAULT_LIMIT).max(1);
                        let next_offset = request.offset() + count;
                        let below_total =
                            O::total_count(&output).is_none_or(|total| next_offset < total);
                        let next = if count > 0 && count >= limit && below_total {
                            request.set_offset(next_offset);
                            State::Next { handle, request }
                        } else {
                            State::Done
                        };
                        Some((Ok(output), next))
                    }
                },
            }
        });
        Self {
            pages: Box::pin(pages),
        }
    }

    /// The items of every page, in order.
    pub fn items(self) -> impl Stream<Item = Result<O::Item, SdkError<O::Error>>> + Send {
        self.pages.flat_map(|page| {
            let items: Vec<Result<O::Item, SdkError<O::Error>>> = match page {
                Ok(mut output) => O::take_items(&mut output).into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        })
    }
}

impl<O: Paginated> Stream for Paginator<O> {
    type Item = Result<O::Output, SdkError<O::Error>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.pages.as_mut().poll_next(cx)
    }
}

impl<O: Paginated> std::fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &O::METADATA.action)
            .finish_non_exhaustive()
    }
}
