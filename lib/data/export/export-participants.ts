import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import type { Prisma, PrismaClient } from "../../db/client";
import { formatParticipantCsvLine, participantCsvHeader } from "../csv-writer";

const PAGE = 5000;

/**
 * Streams participants from the database to a CSV in the dataset's column layout, paging by id
 * so memory stays flat. Returns the number of rows written.
 */
export async function exportParticipantsCsv(
  prisma: PrismaClient,
  outPath: string,
  where: Prisma.PatientWhereInput = {},
  onProgress: (rows: number) => void = () => {},
): Promise<number> {
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  const tmp = `${outPath}.partial-${process.pid}`;
  const out = fs.createWriteStream(tmp);
  let rows = 0;
  try {
    out.write(participantCsvHeader());
    let cursor: string | undefined;
    for (;;) {
      const page = await prisma.patient.findMany({
        where,
        orderBy: { id: "asc" },
        take: PAGE,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      });
      if (page.length === 0) break;
      let chunk = "";
      for (const p of page) chunk += formatParticipantCsvLine(p);
      if (!out.write(chunk)) await once(out, "drain");
      rows += page.length;
      cursor = page[page.length - 1].id;
      onProgress(rows);
    }
    out.end();
    await once(out, "finish");
    fs.renameSync(tmp, outPath);
    return rows;
  } catch (err) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
