namespace LossNotebooks.Kernel; static class Program { static int Main() => 0; }
