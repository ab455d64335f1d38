"""Builds a small .xlsx the way Excel saves one, for the reader's tests: the scores on a
sheet named "Scores" that is not the first, text as shared strings, the date as a day
number, a score as 3.0. Usage: python3 make_xlsx.py OUT.xlsx"""
import sys
import zipfile

rows = [
    ["scope", "assessed_on", "assessor", "component", "indicator", "title", "score", "note", "evidence"],
    ["North BCU", 46341, "Supt K Lee", 1, "1.1", "Understand the profile", 3.0, "From the survey", "https://intranet/a | Report 14"],
    ["North BCU", 46341, "Supt K Lee", 2, "2.6", "Ensure continuity of contact", "", "Not discussed", ""],
    ["North BCU", 46341, "Supt K Lee", 6, "6.1", "Supervision", 2, "", ""],
]
strings = []


def cell(ref, value):
    if isinstance(value, str):
        if value == "":
            return ""
        if value not in strings:
            strings.append(value)
        return f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


sheet_rows = []
for r, row in enumerate(rows, start=1):
    cells = "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row))
    sheet_rows.append(f'<row r="{r}">{cells}</row>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns}><sheets>'
               '<sheet name="Notes" sheetId="1" r:id="rId1"/><sheet name="Scores" sheetId="2" r:id="rId2"/>'
               '</sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships '
               'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>'
               '<row r="1"><c r="A1" t="inlineStr"><is><t>Ignore me</t></is></c></row></sheetData></worksheet>')
    z.writestr("xl/worksheets/sheet2.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>'
               + "".join(sheet_rows) + '</sheetData></worksheet>')
    sst = "".join(f"<si><t>{s.replace('&', '&amp;')}</t></si>" for s in strings)
    z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {ns} count="{len(strings)}">{sst}</sst>')
