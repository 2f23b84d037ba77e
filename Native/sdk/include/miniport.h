/*
 * DumpFramework native miniport SDK: miniport.h, the base a SCSI port miniport includes before srb.h.
 *
 * Written for DumpFramework from the public ScsiPort documentation; no WDK header text is reproduced. Declares the
 * ScsiPort register and port I/O routines (each reaches the controller model's register window through the shim:
 * never dereference a device base yourself, the address is guarded and the access is reported as a crash).
 */
#ifndef DUMPFW_MINIPORT_H
#define DUMPFW_MINIPORT_H

#include "ntdef.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SCSIPORT_API

SCSIPORT_API UCHAR ScsiPortReadPortUchar(PUCHAR Port);
SCSIPORT_API USHORT ScsiPortReadPortUshort(PUSHORT Port);
SCSIPORT_API ULONG ScsiPortReadPortUlong(PULONG Port);
SCSIPORT_API VOID ScsiPortReadPortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count);
SCSIPORT_API UCHAR ScsiPortReadRegisterUchar(PUCHAR Register);
SCSIPORT_API USHORT ScsiPortReadRegisterUshort(PUSHORT Register);
SCSIPORT_API ULONG ScsiPortReadRegisterUlong(PULONG Register);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value);
SCSIPORT_API VOID ScsiPortWritePortUshort(PUSHORT Port, USHORT Value);
SCSIPORT_API VOID ScsiPortWritePortUlong(PULONG Port, ULONG Value);
SCSIPORT_API VOID ScsiPortWritePortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUshort(PUSHORT Register, USHORT Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortStallExecution(ULONG Delay);
SCSIPORT_API VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
SCSIPORT_API VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage, ...) __attribute__((format(printf, 2, 3)));

#ifdef __cplusplus
}
#endif

#endif /* DUMPFW_MINIPORT_H */
