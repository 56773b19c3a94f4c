// The chart formatter's session (whether plotly.js went out with a chart yet) is process-wide, as in a kernel: tests
// that reset and observe it must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
