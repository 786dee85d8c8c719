//! A parallel map over a slice of jobs, in job order, and a two-stage pipeline: the specs are
//! lowered and the files rendered on every core without the output depending on the threads.

use crate::error::Result;

/// `work(job)` for every job, on up to as many threads as the machine has, results in the order
/// of `jobs` (so the output does not depend on the threads). The first error in job order wins.
pub fn in_parallel<J: Sync, T: Send + Sync>(
    jobs: &[J],
    work: impl Fn(&J) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let staged = pipeline(jobs, work, |_| Vec::<()>::new(), |_, _| Ok(()))?;
    Ok(staged.into_iter().map(|(done, _)| done).collect())
}

/// What a [`pipeline`] worker does next.
#[derive(Debug, Clone, Copy)]
enum Task {
    /// The first stage of job `n`.
    First(usize),
    /// Follow-up `k` of job `n`.
    Second(usize, usize),
}

/// The queue of a [`pipeline`]: tasks ready to run, and how many are running (which may still
/// add tasks).
struct Queue {
    ready: std::collections::VecDeque<Task>,
    running: usize,
}

/// A task of a [`pipeline`] that has run: on drop, it is no longer running and the tasks it
/// made are ready.
struct Finished<'a> {
    queue: &'a std::sync::Mutex<Queue>,
    changed: &'a std::sync::Condvar,
    more: Vec<Task>,
}

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        let mut state = self
            .queue
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.running -= 1;
        state.ready.extend(std::mem::take(&mut self.more));
        self.changed.notify_all();
    }
}

/// One job's first-stage result and the results of its follow-ups.
pub type Staged<A, T> = Vec<(A, Vec<Result<T>>)>;

/// `first(job)` for every job and, as soon as one is done, its follow-ups (`follow_ups` of its
/// result), each run by `second(result, follow_up)`, on up to as many threads as the machine has:
/// a core that has finished its first stage starts on that job's follow-ups instead of waiting
/// for the slowest first stage. Results in job order, follow-ups in their order. `Err` is the
/// first first-stage error in job order (no follow-up of a failed job runs); follow-up errors are
/// the caller's to rank.
pub fn pipeline<J: Sync, A: Send + Sync, F: Send + Sync, T: Send>(
    jobs: &[J],
    first: impl Fn(&J) -> Result<A> + Sync,
    follow_ups: impl Fn(&A) -> Vec<F> + Sync,
    second: impl Fn(&A, &F) -> Result<T> + Sync,
) -> Result<Staged<A, T>> {
    use std::sync::{Condvar, Mutex, OnceLock};

    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let stage_one: Vec<OnceLock<Result<A>>> = jobs.iter().map(|_| OnceLock::new()).collect();
    let planned: Vec<OnceLock<Vec<F>>> = jobs.iter().map(|_| OnceLock::new()).collect();
    let stage_two: Mutex<Vec<(usize, usize, Result<T>)>> = Mutex::new(Vec::new());
    let queue = Mutex::new(Queue {
        ready: (0..jobs.len()).map(Task::First).collect(),
        running: 0,
    });
    let changed = Condvar::new();
    let run = |task: Task| -> Vec<Task> {
        match task {
            Task::First(n) => {
                let result = first(&jobs[n]);
                let more = match &result {
                    Ok(done) => follow_ups(done),
                    Err(_) => Vec::new(),
                };
                let tasks = (0..more.len()).map(|k| Task::Second(n, k)).collect();
                // Set before the follow-ups are queued: they read both.
                let _ = planned[n].set(more);
                let _ = stage_one[n].set(result);
                tasks
            }
            Task::Second(n, k) => {
                if let (Some(Ok(done)), Some(follow_up)) = (
                    stage_one[n].get(),
                    planned[n].get().and_then(|all| all.get(k)),
                ) {
                    let result = second(done, follow_up);
                    // A poisoned lock means another worker panicked; scope re-raises that panic.
                    if let Ok(mut results) = stage_two.lock() {
                        results.push((n, k, result));
                    }
                }
                Vec::new()
            }
        }
    };
    let work = || loop {
        let task = {
            let Ok(mut state) = queue.lock() else { return };
            loop {
                if let Some(task) = state.ready.pop_front() {
                    state.running += 1;
                    break task;
                }
                if state.running == 0 {
                    changed.notify_all();
                    return;
                }
                state = match changed.wait(state) {
                    Ok(state) => state,
                    Err(_) => return,
                };
            }
        };
        // Counted as finished even if `run` panics, so that the other workers stop waiting and
        // the scope can pass the panic on.
        let mut finished = Finished {
            queue: &queue,
            changed: &changed,
            more: Vec::new(),
        };
        finished.more = run(task);
    };
    if threads <= 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(work);
            }
        });
    }
    let mut stage_two = stage_two
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    stage_two.sort_by_key(|(n, k, _)| (*n, *k));
    let mut stage_two = stage_two.into_iter().peekable();
    let mut staged = Vec::with_capacity(jobs.len());
    for (n, result) in stage_one.into_iter().enumerate() {
        let done = match result.into_inner() {
            Some(result) => result?,
            // Every first stage runs before the workers stop.
            None => unreachable_first_stage()?,
        };
        let mut seconds = Vec::new();
        while let Some((_, _, result)) = stage_two.next_if(|(job, _, _)| *job == n) {
            seconds.push(result);
        }
        staged.push((done, seconds));
    }
    Ok(staged)
}

/// The error for a first stage that did not run, which the worker loop rules out.
fn unreachable_first_stage<A>() -> Result<A> {
    Err(crate::error::Diagnostic::new(
        "",
        "",
        "a job of the generator's pipeline did not run",
        "this is a generator bug: please report it with the spec that triggers it",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostic;

    fn fail(what: &str) -> Diagnostic {
        Diagnostic::new(what, "", "failed", "a test failure")
    }

    #[test]
    fn the_pipeline_keeps_job_order_and_runs_every_follow_up_of_a_job_that_succeeded() {
        let jobs: Vec<usize> = (0..7).collect();
        let staged = pipeline(
            &jobs,
            |&n| Ok(n * 10),
            |&done| (0..done / 10).collect::<Vec<usize>>(),
            |&done, &k| {
                if done == 30 && k == 1 {
                    Err(fail("second"))
                } else {
                    Ok(done + k)
                }
            },
        )
        .unwrap();
        assert_eq!(staged.len(), 7);
        for (n, (done, seconds)) in staged.iter().enumerate() {
            assert_eq!(*done, n * 10);
            assert_eq!(seconds.len(), n);
            for (k, second) in seconds.iter().enumerate() {
                match second {
                    Ok(value) => assert_eq!(*value, n * 10 + k),
                    Err(err) => assert!(n == 3 && k == 1, "{err}"),
                }
            }
        }
    }

    #[test]
    fn the_first_failed_first_stage_in_job_order_wins() {
        let jobs: Vec<usize> = (0..6).collect();
        let result = pipeline(
            &jobs,
            |&n| {
                if n == 2 || n == 4 {
                    Err(fail(&format!("job {n}")))
                } else {
                    Ok(n)
                }
            },
            |_| vec![()],
            |&n, _| Ok(n),
        );
        assert_eq!(result.unwrap_err().file, "job 2");
    }

    #[test]
    fn a_panicking_job_is_passed_on_and_does_not_leave_the_others_waiting() {
        let jobs: Vec<usize> = (0..4).collect();
        let outcome = std::panic::catch_unwind(|| {
            pipeline(
                &jobs,
                |&n| Ok(n),
                |_| vec![(); 3],
                |&n, _| {
                    assert_ne!(n, 1, "a bug in one job");
                    Ok(n)
                },
            )
        });
        assert!(outcome.is_err());
    }
}
