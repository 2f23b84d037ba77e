/* sdk_layout: prints the layout of the SDK's structures in both flavours (see layout.h). */
#include "layout.h"

int main(void)
{
    print_scsiport_layout();
    print_storport_layout();
    return 0;
}
