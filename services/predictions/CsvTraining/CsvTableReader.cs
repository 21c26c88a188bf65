using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Suite.Predictions.CsvTraining;

/// <summary>
/// Parses an RFC 4180 CSV upload that arrives as a sequence of byte chunks (gRPC client streaming): call
/// <see cref="Append"/> per chunk, then <see cref="Complete"/>. A chunk may end anywhere — inside a row, a quoted field,
/// a CRLF or a multi-byte UTF-8 character — so all parsing state lives between calls.
/// </summary>
/// <remarks>
/// Accepted: UTF-8 (a leading BOM is skipped; invalid bytes are an error), CRLF or LF line ends, quoted fields with
/// doubled quotes and embedded separators and line breaks. The first row is the header. Empty lines are skipped.
/// A quote inside an unquoted field is kept as text (common in hand-made files: 5'11"); text after a closing quote
/// is an error. Limits are checked as data arrives, so an oversized upload fails without being buffered whole.
/// Not thread-safe: one reader per upload.
/// </remarks>
public sealed class CsvTableReader(CsvLimits? limits = null)
{
    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    private const int MaxUtf8SequenceLength = 4;

    private readonly CsvLimits _limits = limits ?? CsvLimits.Default;
    private readonly byte[] _pendingBytes = new byte[MaxUtf8SequenceLength];
    private readonly StringBuilder _field = new();
    private readonly List<string> _record = [];
    private readonly List<IReadOnlyList<string>> _rows = [];
    private readonly List<long> _lineNumbers = [];
    private string[]? _header;
    private int _pendingCount;
    private State _state = State.FieldStart;
    private long _line = 1;
    private long _recordLine = 1;
    private bool _recordStarted;
    private bool _skipLineFeed;
    private bool _atStart = true;
    private bool _completed;

    /// <summary>Parses a whole upload held in memory.</summary>
    public static CsvTable Read(ReadOnlySpan<byte> content, CsvLimits? limits = null)
    {
        var reader = new CsvTableReader(limits);
        reader.Append(content);
        return reader.Complete();
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_completed)
        {
            throw new InvalidOperationException("the table is already complete");
        }
        if (_pendingCount == 0)
        {
            Decode(chunk);
            return;
        }
        // A character was split by the previous chunk: decode it together with the start of this one.
        var joined = ArrayPool<byte>.Shared.Rent(_pendingCount + chunk.Length);
        try
        {
            _pendingBytes.AsSpan(0, _pendingCount).CopyTo(joined);
            chunk.CopyTo(joined.AsSpan(_pendingCount));
            var length = _pendingCount + chunk.Length;
            _pendingCount = 0;
            Decode(joined.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    public CsvTable Complete()
    {
        if (_completed)
        {
            throw new InvalidOperationException("the table is already complete");
        }
        _completed = true;
        if (_pendingCount > 0)
        {
            throw new CsvDataException(_line, "invalid UTF-8: the file ends inside a character");
        }
        if (_state == State.Quoted)
        {
            throw new CsvDataException(_recordLine, "a quoted field is not closed");
        }
        if (_recordStarted)
        {
            EndRecord();
        }
        if (_header is null)
        {
            throw new CsvDataException(1, "the file is empty: a header row with column names is required");
        }
        return new CsvTable(_header, _rows, _lineNumbers);
    }

    private void Decode(ReadOnlySpan<byte> bytes)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Clamp(bytes.Length, 16, 64 * 1024));
        try
        {
            while (true)
            {
                var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: false);
                // Parse what decoded cleanly first, so an error names the line the bad bytes are on.
                Parse(chars.AsSpan(0, written));
                bytes = bytes[read..];
                switch (status)
                {
                    case OperationStatus.Done:
                        return;
                    case OperationStatus.DestinationTooSmall:
                        continue;
                    case OperationStatus.NeedMoreData:
                        bytes.CopyTo(_pendingBytes);
                        _pendingCount = bytes.Length;
                        return;
                    default:
                        throw new CsvDataException(_line, "invalid UTF-8: the file must be UTF-8 text");
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private void Parse(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (_atStart)
            {
                _atStart = false;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }
            switch (_state)
            {
                case State.FieldStart:
                    if (c == '"')
                    {
                        _recordStarted = true;
                        _state = State.Quoted;
                    }
                    else if (c == ',')
                    {
                        _recordStarted = true;
                        EndField();
                    }
                    else if (c is '\r' or '\n')
                    {
                        EndLine(c);
                    }
                    else
                    {
                        _recordStarted = true;
                        _state = State.Unquoted;
                        Add(c);
                    }
                    break;
                case State.Unquoted:
                    if (c == ',')
                    {
                        EndField();
                    }
                    else if (c is '\r' or '\n')
                    {
                        EndLine(c);
                    }
                    else
                    {
                        Add(c);
                    }
                    break;
                case State.Quoted:
                    if (c == '"')
                    {
                        _state = State.QuoteInQuoted;
                    }
                    else
                    {
                        // Line breaks inside quotes are data, but still count for the line numbers in messages.
                        if (c == '\n')
                        {
                            _line++;
                        }
                        Add(c);
                    }
                    break;
                case State.QuoteInQuoted:
                    if (c == '"')
                    {
                        _state = State.Quoted;
                        Add('"');
                    }
                    else if (c == ',')
                    {
                        EndField();
                    }
                    else if (c is '\r' or '\n')
                    {
                        EndLine(c);
                    }
                    else
                    {
                        throw new CsvDataException(_line, "unexpected text after a closing quote (a quote inside a quoted field is written \"\")");
                    }
                    break;
            }
        }
    }

    private void Add(char c)
    {
        if (_field.Length >= _limits.MaxFieldLength)
        {
            throw new CsvDataException(_line, $"field {_record.Count + 1} is longer than {_limits.MaxFieldLength} characters");
        }
        _field.Append(c);
    }

    private void EndField()
    {
        var limit = _header?.Length ?? _limits.MaxColumns;
        if (_record.Count >= limit)
        {
            throw new CsvDataException(_recordLine, _header is null
                ? $"more than {_limits.MaxColumns} columns"
                : $"expected {_header.Length} fields, found more");
        }
        _record.Add(_field.ToString());
        _field.Clear();
        _state = State.FieldStart;
    }

    private void EndLine(char c)
    {
        // CR LF is one line end; a lone CR or LF is one too.
        _skipLineFeed = c == '\r';
        if (_recordStarted)
        {
            EndRecord();
        }
        _line++;
        _recordLine = _line;
    }

    private void EndRecord()
    {
        EndField();
        if (_header is null)
        {
            _header = Header(_record);
        }
        else
        {
            if (_record.Count != _header.Length)
            {
                throw new CsvDataException(_recordLine, $"expected {_header.Length} fields, found {_record.Count}");
            }
            if (_rows.Count >= _limits.MaxRows)
            {
                throw new CsvDataException(_recordLine, $"more than {_limits.MaxRows} data rows");
            }
            _rows.Add(_record.ToArray());
            _lineNumbers.Add(_recordLine);
        }
        _record.Clear();
        _recordStarted = false;
    }

    private string[] Header(List<string> names)
    {
        var header = names.Select(n => n.Trim()).ToArray();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                throw new CsvDataException(_recordLine, $"column {i + 1} of the header has no name");
            }
            if (!seen.Add(header[i]))
            {
                throw new CsvDataException(_recordLine, $"column name '{header[i]}' appears twice (names are compared ignoring case)");
            }
        }
        return header;
    }
}
