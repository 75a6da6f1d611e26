//! Answering requests off the main loop, on a fixed number of threads, so
//! that a client that stops reading holds up only its own connection.
//!
//! tiny_http reads every request a connection pipelines as soon as it
//! arrives and hands each one out on its own, but the responses must go out
//! in order: a second thread answering the same connection would only wait
//! for the first. So one worker at a time answers a connection, its
//! requests queued behind one another, and the other workers answer other
//! connections. A response that makes no progress for the write timeout
//! (set in `http::bind`) fails; the requests that connection has queued
//! are then dropped unanswered, rather than each waiting out the timeout
//! again.

use std::collections::VecDeque;
use std::collections::hash_map::{Entry, HashMap};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex};

use tiny_http::Request;

/// A connection, known by the client's address and port (unique while it
/// is open).
type Client = Option<SocketAddr>;

pub struct Workers {
    shared: Arc<Shared>,
}

struct Shared {
    queues: Mutex<Queues>,
    /// Signalled when a connection gets its turn, or on closing.
    turn: Condvar,
}

#[derive(Default)]
struct Queues {
    /// The requests not yet answered, by connection. A connection is here
    /// exactly while it has a turn waiting or a worker on it.
    waiting: HashMap<Client, VecDeque<Request>>,
    /// Connections waiting for a worker, first come first served.
    turns: VecDeque<Client>,
    closed: bool,
}

impl Workers {
    /// Starts `count` threads that answer requests with `answer`, which
    /// returns an error when the response could not be written.
    pub fn start<F>(count: usize, answer: F) -> Workers
    where
        F: Fn(Request) -> io::Result<()> + Send + Sync + 'static,
    {
        let shared = Arc::new(Shared {
            queues: Mutex::new(Queues::default()),
            turn: Condvar::new(),
        });
        let answer = Arc::new(answer);
        for _ in 0..count {
            let (shared, answer) = (Arc::clone(&shared), Arc::clone(&answer));
            std::thread::spawn(move || {
                while let Some(client) = shared.next_turn() {
                    shared.answer_connection(client, answer.as_ref());
                }
            });
        }
        Workers { shared }
    }

    /// Queues `request` behind the ones its connection sent before.
    pub fn answer(&self, request: Request) {
        let client = request.remote_addr().copied();
        let mut queues = self.shared.lock();
        match queues.waiting.entry(client) {
            Entry::Occupied(mut queued) => queued.get_mut().push_back(request),
            Entry::Vacant(vacant) => {
                vacant.insert(VecDeque::from([request]));
                queues.turns.push_back(client);
                self.shared.turn.notify_one();
            }
        }
    }
}

/// Workers end once the connections already waiting are answered; a worker
/// stuck writing ends at its write timeout.
impl Drop for Workers {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.turn.notify_all();
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queues> {
        self.queues.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a connection to answer; None once closed.
    fn next_turn(&self) -> Option<Client> {
        let mut queues = self.lock();
        loop {
            if let Some(client) = queues.turns.pop_front() {
                return Some(client);
            }
            if queues.closed {
                return None;
            }
            queues = self.turn.wait(queues).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Answers `client`'s requests in order until none is left; after a
    /// failed response, drops the rest unanswered.
    fn answer_connection(&self, client: Client, answer: &dyn Fn(Request) -> io::Result<()>) {
        let mut failed = false;
        while let Some(request) = self.next_request(client) {
            if failed {
                // Taking the writer and dropping it writes nothing, where
                // dropping the request would write a 500 into a socket that
                // is not being read.
                drop(request.into_writer());
            } else {
                failed = answer(request).is_err();
            }
        }
    }

    /// The next request of `client`; when there is none, the connection
    /// gives up its place, so its next request makes a new turn.
    fn next_request(&self, client: Client) -> Option<Request> {
        let mut queues = self.lock();
        let Entry::Occupied(mut queued) = queues.waiting.entry(client) else {
            return None;
        };
        let request = queued.get_mut().pop_front();
        if request.is_none() {
            queued.remove();
        }
        request
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    use super::*;
    use crate::Files;
    use crate::serve::{State, http};

    /// What a client that stops reading is sent: far more than the socket
    /// buffers of a connection hold, so writing it blocks.
    const PIPELINED: usize = 64;
    const BIG: usize = 1 << 20;

    /// Serves `site` as `run` does, with `count` workers and a short write
    /// timeout; counts the requests handed out. Ends when `done` is set.
    fn serve(site: Files, count: usize, done: Arc<AtomicBool>) -> (u16, Arc<AtomicUsize>) {
        let (server, port) = http::bind(0, Duration::from_millis(200)).unwrap();
        let state = Arc::new(Mutex::new(State {
            site: Arc::new(site),
            ..State::default()
        }));
        let workers = Workers::start(count, move |request| http::answer(request, &state));
        let handed = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&handed);
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(10)) {
                    counter.fetch_add(1, Ordering::SeqCst);
                    workers.answer(request);
                }
            }
        });
        (port, handed)
    }

    fn connect(port: u16) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
            .set_write_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
    }

    #[test]
    fn clients_that_stop_reading_hold_up_only_their_own_connections() {
        let site: Files = [
            ("big.bin".to_string(), vec![b'x'; BIG]),
            ("small.txt".to_string(), b"small".to_vec()),
        ]
        .into();
        let done = Arc::new(AtomicBool::new(false));
        let (port, handed) = serve(site, 2, Arc::clone(&done));

        // More stalled clients than workers, each pipelining requests.
        let stalled: Vec<TcpStream> = (0..3)
            .map(|_| {
                let mut stream = connect(port);
                let request = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
                stream
                    .write_all(request.repeat(PIPELINED).as_bytes())
                    .unwrap();
                stream
            })
            .collect();
        let until = Instant::now() + Duration::from_secs(10);
        while handed.load(Ordering::SeqCst) < stalled.len() * PIPELINED {
            assert!(Instant::now() < until, "the pipelined requests arrive");
            std::thread::sleep(Duration::from_millis(10));
        }

        // Queued behind all of them, another client is still answered.
        let started = Instant::now();
        let mut client = connect(port);
        client
            .write_all(b"GET /small.txt HTTP/1.0\r\n\r\n")
            .unwrap();
        let mut response = Vec::new();
        let read = client.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response);
        assert!(
            read.is_ok() && response.ends_with("\r\n\r\nsmall"),
            "answered within 5 s: {read:?} {response:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        done.store(true, Ordering::SeqCst);
        drop(stalled);
    }
}
