import { NextResponse, type NextRequest } from "next/server";

/**
 * Hands pages the address they were asked for (path and query), which server components cannot
 * read otherwise: a visitor sent to sign in comes back to exactly the view they opened, filters
 * included. The header is always overwritten, so a client cannot choose it.
 */
export function proxy(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set("x-retain-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|icon.svg|favicon.ico).*)"] };
