//! Streaming bodies through generated code: `build.rs` generates the client and the server of
//! Example Files (this crate's `model/`), a file store whose `PutFile` input and `GetFile`
//! output are `streaming` blobs. Their `body` members are
//! [`ByteStream`]s: read a chunk at a time, of any size,
//! never held whole by the client or the server.
//!
//! [`FileServer`] implements the generated server trait over a [`Store`]; `src/main.rs` runs it
//! with the generated client against it.

include!(concat!(env!("OUT_DIR"), "/services.rs"));

use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use examplefiles::errors::{GetFileError, PutFileError};
use examplefiles::{
    FileNotFoundException, GetFileRequest, GetFileResponse, InvalidFileException, PutFileRequest,
    PutFileResponse,
};
use servicemodel_runtime::{ByteStream, UnhandledError};
use servicemodel_runtime_server::RequestContext;
use tokio::io::AsyncWriteExt;

/// Where a [`FileServer`] keeps its files.
#[derive(Debug, Clone)]
pub enum Store {
    /// A folder: an upload is written to a file as it arrives (under a temporary name until it
    /// is whole, so that a broken-off upload leaves nothing), a download read from one as it
    /// is sent.
    Folder(PathBuf),
    /// Nothing is kept, for benchmarks: an upload is read and counted, and a download of the
    /// key `N` (a number) is N bytes made as they are sent.
    Sink,
}

/// The Example Files service over a [`Store`].
#[derive(Debug, Clone)]
pub struct FileServer {
    store: Store,
}

impl FileServer {
    /// A server keeping its files in `store`.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

/// How large the chunks of made bytes are.
const CHUNK: usize = 64 * 1024;

/// `total` bytes of a repeating pattern, made a chunk at a time as they are read.
#[derive(Debug)]
pub struct Made {
    left: u64,
    chunk: Bytes,
}

impl Made {
    /// `total` bytes.
    pub fn new(total: u64) -> Self {
        let pattern: Vec<u8> = (0..CHUNK).map(|i| (i % 251) as u8).collect();
        Self {
            left: total,
            chunk: Bytes::from(pattern),
        }
    }

    /// The bytes as a stream of known length.
    pub fn stream(total: u64) -> ByteStream {
        ByteStream::from_stream(Self::new(total), Some(total))
    }
}

impl servicemodel_runtime::stream::Stream for Made {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let size = self.left.min(CHUNK as u64);
        self.left -= size;
        Poll::Ready(Some(Ok(self.chunk.slice(..size as usize))))
    }
}

/// The service's internal error, for what went wrong on the server's side (its disk).
fn internal(error: std::io::Error) -> UnhandledError {
    UnhandledError::new("InternalFailure", Some(error.to_string()), 500)
}

impl examplefiles::server::ExampleFilesApi for FileServer {
    async fn put_file(
        &self,
        _: RequestContext,
        input: PutFileRequest,
    ) -> Result<PutFileResponse, PutFileError> {
        let mut body = input.body;
        let broken = |error: servicemodel_runtime::ByteStreamError| {
            InvalidFileException::builder()
                .message(format!("the file's body broke off: {error}"))
                .build()
        };
        let mut size: u64 = 0;
        match &self.store {
            Store::Sink => {
                while let Some(chunk) = body.next().await {
                    size += chunk.map_err(broken)?.len() as u64;
                }
            }
            // The key's pattern (checked before this is called) keeps it a plain file name
            // that does not start with a dot.
            Store::Folder(folder) => {
                let partial = folder.join(format!(".{}.partial", input.key));
                let mut file = tokio::fs::File::create(&partial).await.map_err(internal)?;
                while let Some(chunk) = body.next().await {
                    let chunk = match chunk {
                        Ok(chunk) => chunk,
                        Err(error) => {
                            drop(file);
                            let _ = tokio::fs::remove_file(&partial).await;
                            return Err(broken(error).into());
                        }
                    };
                    file.write_all(&chunk).await.map_err(internal)?;
                    size += chunk.len() as u64;
                }
                file.flush().await.map_err(internal)?;
                drop(file);
                tokio::fs::rename(&partial, folder.join(&input.key))
                    .await
                    .map_err(internal)?;
            }
        }
        Ok(PutFileResponse::builder().size(size as i64).build())
    }

    async fn get_file(
        &self,
        _: RequestContext,
        input: GetFileRequest,
    ) -> Result<GetFileResponse, GetFileError> {
        let not_found = || {
            FileNotFoundException::builder()
                .message(format!("no file is called {:?}", input.key))
                .build()
        };
        let body = match &self.store {
            Store::Sink => Made::stream(input.key.parse().map_err(|_| not_found())?),
            Store::Folder(folder) => match ByteStream::from_path(folder.join(&input.key)).await {
                Ok(body) => body,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    return Err(not_found().into())
                }
                Err(error) => return Err(internal(error).into()),
            },
        };
        let mut output = GetFileResponse::builder().body(body).build();
        output.content_type = Some("application/octet-stream".to_owned());
        Ok(output)
    }
}
