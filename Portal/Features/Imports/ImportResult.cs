using Notarial.Portal.Features.Platform;

namespace Notarial.Portal.Features.Imports;

/// <summary>A problem of one row of an imported file. Rows are numbered as in a spreadsheet: the header is row 1.</summary>
public sealed record ImportRowProblem(int Row, string Field, string Message);

/// <summary>The outcome of an import: every row imported, or none (and why, per row).</summary>
public sealed record ImportResult(string Entity, int Imported, int Rejected, IReadOnlyList<ImportRowProblem> Errors)
{
    public bool Succeeded => Rejected == 0;
}

/// <summary>Why a file could not be read at all (as opposed to rows with bad values).</summary>
public sealed record ImportFileProblem(string Field, string Message)
{
    public FieldProblem ToFieldProblem() => new(Field, Message);
}

/// <summary>What an import would do, without doing it: the first rows as the entity reads them, and every row's problems.</summary>
public sealed record ImportPreview(string Entity, IReadOnlyList<string> Fields, IReadOnlyList<ImportPreviewRow> Rows, int TotalRows, int RejectedRows,
    IReadOnlyList<ImportRowProblem> Errors)
{
    public bool WouldSucceed => RejectedRows == 0;
}

/// <summary>One row of a preview: its spreadsheet row number, its cells in the order of <see cref="ImportPreview.Fields"/>, its problems.</summary>
public sealed record ImportPreviewRow(int Row, IReadOnlyList<string> Cells, IReadOnlyList<ImportRowProblem> Errors);
