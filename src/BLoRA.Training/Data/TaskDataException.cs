namespace BLoRA.Training.Data;

/// <summary>Task data that cannot be read: the message names the file, line and column and says how to fix it.</summary>
public sealed class TaskDataException : Exception
{
    public TaskDataException()
    {
    }

    public TaskDataException(string message)
        : base(message)
    {
    }

    public TaskDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
