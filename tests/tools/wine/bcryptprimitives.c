/* ProcessPrng, which Rust's standard library takes its random numbers
 * from on Windows (for HashMap's keys), is exported by bcryptprimitives.dll
 * on Windows 10 and later but not by Wine 8 (Debian 12's). This stand-in,
 * built with mingw-w64 and put beside noticeboard.exe by
 * scripts/test-windows, draws them from RtlGenRandom instead, so the
 * Windows build can run under Wine. It is never shipped. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) {
            return FALSE;
        }
        data += n;
        len -= n;
    }
    return TRUE;
}
