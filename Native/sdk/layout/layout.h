/* Prints one "flavour.TYPE.member=offset" line per member and "flavour.TYPE.sizeof=size" per structure, for
 * NativeSdkLayoutTests, which compares every line with the Windows x64 value it holds. */
#ifndef DUMPFW_LAYOUT_H
#define DUMPFW_LAYOUT_H
#include <stdio.h>
#include <stddef.h>

#define SIZE(type) printf("%s." #type ".sizeof=%zu\n", LAYOUT_FLAVOUR, sizeof(type))
#define OFFSET(type, member) printf("%s." #type "." #member "=%zu\n", LAYOUT_FLAVOUR, offsetof(type, member))

void print_scsiport_layout(void);
void print_storport_layout(void);
#endif
