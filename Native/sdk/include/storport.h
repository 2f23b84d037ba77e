/*
 * DumpFramework native miniport SDK: storport.h, the Storport miniport interface.
 *
 * Written for DumpFramework from the public Storport documentation (StorPortXxx routines, STOR_SCATTER_GATHER_LIST,
 * STORPORT_FUNCTION_CODE, STOR_STATUS_*); no WDK header text is reproduced. Shares the SRB and port configuration
 * definitions with srb.h in their Storport form.
 */
#ifndef DUMPFW_STORPORT_H
#define DUMPFW_STORPORT_H

#define DUMPFW_STORPORT 1
#include "srb.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STORPORT_API

typedef PHYSICAL_ADDRESS STOR_PHYSICAL_ADDRESS, *PSTOR_PHYSICAL_ADDRESS;

/* HW_INITIALIZATION_DATA.MapBuffers */
#define STOR_MAP_NO_BUFFERS 0
#define STOR_MAP_ALL_BUFFERS 1
#define STOR_MAP_NON_READ_WRITE_BUFFERS 2
#define STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE 3

/* StorPortExtendedFunction results. */
#define STOR_STATUS_SUCCESS 0x00000000UL
#define STOR_STATUS_UNSUCCESSFUL 0xC1000001UL
#define STOR_STATUS_NOT_IMPLEMENTED 0xC1000002UL
#define STOR_STATUS_INSUFFICIENT_RESOURCES 0xC1000003UL
#define STOR_STATUS_BUFFER_TOO_SMALL 0xC1000004UL
#define STOR_STATUS_ACCESS_DENIED 0xC1000005UL
#define STOR_STATUS_INVALID_PARAMETER 0xC1000006UL
#define STOR_STATUS_INVALID_DEVICE_REQUEST 0xC1000007UL
#define STOR_STATUS_INVALID_IRQL 0xC1000008UL
#define STOR_STATUS_INVALID_DEVICE_STATE 0xC1000009UL
#define STOR_STATUS_INVALID_BUFFER_SIZE 0xC100000AUL
#define STOR_STATUS_UNSUPPORTED_VERSION 0xC100000BUL
#define STOR_STATUS_BUSY 0xC100000CUL

typedef struct _STOR_SCATTER_GATHER_ELEMENT {
    STOR_PHYSICAL_ADDRESS PhysicalAddress;
    ULONG Length;
    ULONG_PTR Reserved;
} STOR_SCATTER_GATHER_ELEMENT, *PSTOR_SCATTER_GATHER_ELEMENT;

typedef struct _STOR_SCATTER_GATHER_LIST {
    ULONG NumberOfElements;
    ULONG_PTR Reserved;
    STOR_SCATTER_GATHER_ELEMENT List[];
} STOR_SCATTER_GATHER_LIST, *PSTOR_SCATTER_GATHER_LIST;

typedef enum _STORPORT_FUNCTION_CODE {
    ExtFunctionAllocatePool = 0,
    ExtFunctionFreePool = 1,
    ExtFunctionAllocateMdl = 2,
    ExtFunctionFreeMdl = 3,
    ExtFunctionBuildMdlForNonPagedPool = 4,
    ExtFunctionGetSystemAddress = 5,
    ExtFunctionGetOriginalMdl = 6,
    ExtFunctionCompleteServiceIrp = 7,
    ExtFunctionGetDeviceObjects = 8,
    ExtFunctionBuildScatterGatherList = 9,
    ExtFunctionPutScatterGatherList = 10,
    ExtFunctionAcquireMSISpinLock = 11,
    ExtFunctionReleaseMSISpinLock = 12,
    ExtFunctionGetMessageInterruptInformation = 13,
    ExtFunctionInitializePerformanceOptimizations = 14,
    ExtFunctionGetStartIoPerformanceParameters = 15,
    ExtFunctionLogSystemEvent = 16,
    ExtFunctionGetCurrentProcessorNumber = 17,
    ExtFunctionGetActiveGroupCount = 18,
    ExtFunctionGetGroupAffinity = 19,
    ExtFunctionGetActiveNodeCount = 20,
    ExtFunctionGetNodeAffinity = 21,
    ExtFunctionGetHighestNodeNumber = 22,
    ExtFunctionGetLogicalProcessorRelationship = 23,
    ExtFunctionAllocateContiguousMemorySpecifyCacheNode = 24,
    ExtFunctionFreeContiguousMemorySpecifyCache = 25
} STORPORT_FUNCTION_CODE, *PSTORPORT_FUNCTION_CODE;

/* Pool tags and types StorPortAllocatePool takes (dump mode refuses the allocation). */
typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    PagedPool = 1,
    NonPagedPoolNx = 512
} POOL_TYPE;

STORPORT_API ULONG StorPortInitialize(PVOID Argument1, PVOID Argument2, struct _HW_INITIALIZATION_DATA *HwInitializationData,
                                      PVOID HwContext);
STORPORT_API VOID StorPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress);
STORPORT_API ULONG StorPortGetBusData(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber,
                                      PVOID Buffer, ULONG Length);
STORPORT_API ULONG StorPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                                              ULONG SlotNumber, PVOID Buffer, ULONG Offset, ULONG Length);
STORPORT_API PVOID StorPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                                         STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
STORPORT_API PVOID StorPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
STORPORT_API STOR_PHYSICAL_ADDRESS StorPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                                              PVOID VirtualAddress, ULONG *Length);
STORPORT_API PVOID StorPortGetVirtualAddress(PVOID HwDeviceExtension, STOR_PHYSICAL_ADDRESS PhysicalAddress);
STORPORT_API PVOID StorPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                                ULONG NumberOfBytes);
STORPORT_API PSTOR_SCATTER_GATHER_LIST StorPortGetScatterGatherList(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
STORPORT_API VOID StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...);
STORPORT_API VOID StorPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                   ULONG ErrorCode, ULONG UniqueId);
STORPORT_API VOID StorPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus);
STORPORT_API VOID StorPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
STORPORT_API VOID StorPortStallExecution(ULONG Delay);
STORPORT_API STOR_PHYSICAL_ADDRESS StorPortConvertUlong64ToPhysicalAddress(ULONG64 UlongAddress);
STORPORT_API ULONG64 StorPortConvertPhysicalAddressToUlong64(STOR_PHYSICAL_ADDRESS Address);
STORPORT_API BOOLEAN StorPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                                           STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
STORPORT_API VOID StorPortQuerySystemTime(PLARGE_INTEGER CurrentTime);
STORPORT_API BOOLEAN StorPortPause(PVOID HwDeviceExtension, ULONG TimeOut);
STORPORT_API BOOLEAN StorPortResume(PVOID HwDeviceExtension);
STORPORT_API BOOLEAN StorPortPauseDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG TimeOut);
STORPORT_API BOOLEAN StorPortResumeDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
STORPORT_API BOOLEAN StorPortBusy(PVOID HwDeviceExtension, ULONG RequestsToComplete);
STORPORT_API BOOLEAN StorPortReady(PVOID HwDeviceExtension);
STORPORT_API BOOLEAN StorPortDeviceBusy(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                        ULONG RequestsToComplete);
STORPORT_API BOOLEAN StorPortDeviceReady(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
STORPORT_API BOOLEAN StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG Depth);
STORPORT_API VOID StorPortSynchronizeAccess(PVOID HwDeviceExtension, BOOLEAN (*SynchronizedAccessRoutine)(PVOID, PVOID),
                                            PVOID Context);
STORPORT_API ULONG StorPortExtendedFunction(STORPORT_FUNCTION_CODE FunctionCode, PVOID HwDeviceExtension, ...);
STORPORT_API VOID StorPortDebugPrint(ULONG DebugPrintLevel, PCCHAR Format, ...) __attribute__((format(printf, 2, 3)));

STORPORT_API UCHAR StorPortReadPortUchar(PVOID HwDeviceExtension, PUCHAR Port);
STORPORT_API USHORT StorPortReadPortUshort(PVOID HwDeviceExtension, PUSHORT Port);
STORPORT_API ULONG StorPortReadPortUlong(PVOID HwDeviceExtension, PULONG Port);
STORPORT_API VOID StorPortReadPortBufferUchar(PVOID HwDeviceExtension, PUCHAR Port, PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortReadPortBufferUshort(PVOID HwDeviceExtension, PUSHORT Port, PUSHORT Buffer, ULONG Count);
STORPORT_API VOID StorPortReadPortBufferUlong(PVOID HwDeviceExtension, PULONG Port, PULONG Buffer, ULONG Count);
STORPORT_API UCHAR StorPortReadRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register);
STORPORT_API USHORT StorPortReadRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register);
STORPORT_API ULONG StorPortReadRegisterUlong(PVOID HwDeviceExtension, PULONG Register);
STORPORT_API VOID StorPortReadRegisterBufferUchar(PVOID HwDeviceExtension, PUCHAR Register, PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUshort(PVOID HwDeviceExtension, PUSHORT Register, PUSHORT Buffer, ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUlong(PVOID HwDeviceExtension, PULONG Register, PULONG Buffer, ULONG Count);
STORPORT_API VOID StorPortWritePortUchar(PVOID HwDeviceExtension, PUCHAR Port, UCHAR Value);
STORPORT_API VOID StorPortWritePortUshort(PVOID HwDeviceExtension, PUSHORT Port, USHORT Value);
STORPORT_API VOID StorPortWritePortUlong(PVOID HwDeviceExtension, PULONG Port, ULONG Value);
STORPORT_API VOID StorPortWritePortBufferUchar(PVOID HwDeviceExtension, PUCHAR Port, PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortWritePortBufferUshort(PVOID HwDeviceExtension, PUSHORT Port, PUSHORT Buffer, ULONG Count);
STORPORT_API VOID StorPortWritePortBufferUlong(PVOID HwDeviceExtension, PULONG Port, PULONG Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register, UCHAR Value);
STORPORT_API VOID StorPortWriteRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register, USHORT Value);
STORPORT_API VOID StorPortWriteRegisterUlong(PVOID HwDeviceExtension, PULONG Register, ULONG Value);
STORPORT_API VOID StorPortWriteRegisterBufferUchar(PVOID HwDeviceExtension, PUCHAR Register, PUCHAR Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUshort(PVOID HwDeviceExtension, PUSHORT Register, PUSHORT Buffer, ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUlong(PVOID HwDeviceExtension, PULONG Register, PULONG Buffer, ULONG Count);

/* The documented wrappers over StorPortExtendedFunction. */
FORCEINLINE ULONG StorPortGetSystemAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID *SystemAddress)
{
    return StorPortExtendedFunction(ExtFunctionGetSystemAddress, HwDeviceExtension, Srb, SystemAddress);
}

FORCEINLINE ULONG StorPortAllocatePool(PVOID HwDeviceExtension, ULONG NumberOfBytes, ULONG Tag, PVOID *BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionAllocatePool, HwDeviceExtension, NumberOfBytes, Tag, BufferPointer);
}

FORCEINLINE ULONG StorPortFreePool(PVOID HwDeviceExtension, PVOID BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionFreePool, HwDeviceExtension, BufferPointer);
}

FORCEINLINE ULONG StorPortGetCurrentProcessorNumber(PVOID HwDeviceExtension, PVOID ProcessorNumber)
{
    return StorPortExtendedFunction(ExtFunctionGetCurrentProcessorNumber, HwDeviceExtension, ProcessorNumber);
}

#define StorPortConvertUlongToPhysicalAddress(address) StorPortConvertUlong64ToPhysicalAddress((ULONG64)(address))

#ifdef __cplusplus
}
#endif

#endif /* DUMPFW_STORPORT_H */
