//! Cycles in the graph of shapes: which shapes are recursive, which edges close a cycle.
//!
//! Nodes are indices `0..n`, edges adjacency lists; both walks are iterative (no recursion, so
//! no stack overflow on a long chain of shapes) and deterministic: roots in index order, edges
//! in list order.

/// Whether each node lies on a cycle (a self-loop counts). Tarjan's strongly connected
/// components.
pub(crate) fn on_cycle(adjacency: &[Vec<usize>]) -> Vec<bool> {
    let n = adjacency.len();
    let mut index: Vec<Option<usize>> = vec![None; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut cyclic = vec![false; n];
    for root in 0..n {
        if index[root].is_some() {
            continue;
        }
        index[root] = Some(counter);
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = calls.last_mut() {
            if let Some(&target) = adjacency[node].get(*next) {
                *next += 1;
                match index[target] {
                    None => {
                        index[target] = Some(counter);
                        low[target] = counter;
                        counter += 1;
                        stack.push(target);
                        on_stack[target] = true;
                        calls.push((target, 0));
                    }
                    Some(target_index) if on_stack[target] => {
                        low[node] = low[node].min(target_index);
                    }
                    Some(_) => {}
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if Some(low[node]) == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 || adjacency[node].contains(&node) {
                    for member in component {
                        cyclic[member] = true;
                    }
                }
            }
        }
    }
    cyclic
}

/// An edge that closes a cycle in a depth-first walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BackEdge {
    /// The node the edge leaves.
    pub from: usize,
    /// The edge's position in `adjacency[from]`.
    pub edge: usize,
    /// The cycle the edge closes: from the edge's target along the walk to `from`, then the
    /// target again.
    pub cycle: Vec<usize>,
}

/// The back edges of a depth-first walk from every node in index order. Removing them leaves
/// the graph without cycles, so they are the edges to box.
pub(crate) fn back_edges(adjacency: &[Vec<usize>]) -> Vec<BackEdge> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let n = adjacency.len();
    let mut state = vec![State::New; n];
    let mut found = Vec::new();
    for root in 0..n {
        if state[root] != State::New {
            continue;
        }
        state[root] = State::Open;
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = calls.last_mut() {
            let edge = *next;
            let Some(&target) = adjacency[node].get(edge) else {
                state[node] = State::Done;
                calls.pop();
                continue;
            };
            *next += 1;
            match state[target] {
                State::New => {
                    state[target] = State::Open;
                    calls.push((target, 0));
                }
                State::Open => {
                    let start = calls
                        .iter()
                        .position(|&(open, _)| open == target)
                        .unwrap_or(0);
                    let mut cycle: Vec<usize> = calls[start..].iter().map(|&(n, _)| n).collect();
                    cycle.push(target);
                    found.push(BackEdge {
                        from: node,
                        edge,
                        cycle,
                    });
                }
                State::Done => {}
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0, 5 alone
        let adjacency = vec![vec![1], vec![2], vec![0], vec![3], vec![0], vec![]];
        assert_eq!(on_cycle(&adjacency), [true, true, true, true, false, false]);
        assert_eq!(
            back_edges(&adjacency),
            [
                BackEdge {
                    from: 2,
                    edge: 0,
                    cycle: vec![0, 1, 2, 0]
                },
                BackEdge {
                    from: 3,
                    edge: 0,
                    cycle: vec![3, 3]
                },
            ]
        );
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let n = 200_000;
        let mut adjacency: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        adjacency[n - 1] = vec![0];
        assert!(on_cycle(&adjacency).iter().all(|&c| c));
        assert_eq!(back_edges(&adjacency).len(), 1);
    }

    #[test]
    fn removing_back_edges_leaves_no_cycle() {
        let adjacency = vec![vec![1, 2], vec![0, 2], vec![0, 1, 2]];
        let mut pruned = adjacency.clone();
        let mut edges = back_edges(&adjacency);
        edges.sort_by_key(|edge| std::cmp::Reverse((edge.from, edge.edge)));
        for edge in edges {
            pruned[edge.from].remove(edge.edge);
        }
        assert!(on_cycle(&pruned).iter().all(|&c| !c));
    }
}
