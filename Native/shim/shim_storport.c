/* The Storport face of the shim: the routines a Storport miniport (storport.h) imports, as the dump port allows them. */
#include <storport.h>
#include "shim_internal.h"

#define API DUMPFW_EXPORT

API ULONG StorPortInitialize(PVOID Argument1, PVOID Argument2, struct _HW_INITIALIZATION_DATA *data, PVOID HwContext)
{
    (void)Argument1;
    (void)Argument2;
    (void)HwContext;
    /* Storport accepts the shorter, older structures too: read what the size covers. */
    if (data == NULL || data->HwInitializationDataSize < RTL_SIZEOF_THROUGH_FIELD(HW_INITIALIZATION_DATA, HwAdapterControl)) {
        dumpfw_refuse("StorPortInitialize", "HW_INITIALIZATION_DATA is missing or shorter than the Storport structure through HwAdapterControl");
        return (ULONG)STATUS_INVALID_PARAMETER;
    }
    dumpfw_registration r = { 0 };
    r.links = DUMPFW_LINKS_STORPORT;
    r.initialize = (void *)data->HwInitialize;
    r.start_io = (void *)data->HwStartIo;
    r.interrupt = (void *)data->HwInterrupt;
    r.find_adapter = (void *)data->HwFindAdapter;
    r.reset_bus = (void *)data->HwResetBus;
    r.adapter_control = (void *)data->HwAdapterControl;
    if (data->HwInitializationDataSize >= RTL_SIZEOF_THROUGH_FIELD(HW_INITIALIZATION_DATA, HwBuildIo)) {
        r.build_io = (void *)data->HwBuildIo;
    }
    r.device_extension_size = data->DeviceExtensionSize;
    r.specific_lu_extension_size = data->SpecificLuExtensionSize;
    r.srb_extension_size = data->SrbExtensionSize;
    r.number_of_access_ranges = data->NumberOfAccessRanges;
    r.map_buffers = data->MapBuffers;
    r.need_physical_addresses = data->NeedPhysicalAddresses;
    r.tagged_queuing = data->TaggedQueuing;
    r.auto_request_sense = data->AutoRequestSense;
    r.multiple_request_per_lu = data->MultipleRequestPerLu;
    return dumpfw_register(&r, "StorPortInitialize");
}

API VOID StorPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress)
{
    (void)HwDeviceExtension;
    dumpfw_free_device_base("StorPortFreeDeviceBase", MappedAddress);
}

API ULONG StorPortGetBusData(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Length)
{
    (void)DeviceExtension;
    return dumpfw_get_bus_data("StorPortGetBusData", BusDataType, SystemIoBusNumber, SlotNumber, Buffer, 0, Length, 0);
}

API ULONG StorPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer,
                                     ULONG Offset, ULONG Length)
{
    (void)DeviceExtension;
    return dumpfw_get_bus_data("StorPortSetBusDataByOffset", BusDataType, SystemIoBusNumber, SlotNumber, Buffer, Offset, Length, 1);
}

API PVOID StorPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber, STOR_PHYSICAL_ADDRESS IoAddress,
                                ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    (void)HwDeviceExtension;
    (void)BusType;
    (void)SystemIoBusNumber;
    return dumpfw_device_base("StorPortGetDeviceBase", (uint64_t)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

API PVOID StorPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    (void)HwDeviceExtension;
    return dumpfw_logical_unit(PathId, TargetId, Lun);
}

API STOR_PHYSICAL_ADDRESS StorPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID VirtualAddress, ULONG *Length)
{
    (void)HwDeviceExtension;
    uint32_t length = 0;
    STOR_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)dumpfw_physical_address("StorPortGetPhysicalAddress", Srb, VirtualAddress, &length);
    if (Length) {
        *Length = length;
    }
    return address;
}

API PVOID StorPortGetVirtualAddress(PVOID HwDeviceExtension, STOR_PHYSICAL_ADDRESS PhysicalAddress)
{
    (void)HwDeviceExtension;
    return dumpfw_virtual_address((uint64_t)PhysicalAddress.QuadPart);
}

API PVOID StorPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG NumberOfBytes)
{
    (void)HwDeviceExtension;
    return dumpfw_get_uncached_extension("StorPortGetUncachedExtension", ConfigInfo, NumberOfBytes);
}

API PSTOR_SCATTER_GATHER_LIST StorPortGetScatterGatherList(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    (void)DeviceExtension;
    return (PSTOR_SCATTER_GATHER_LIST)dumpfw_scatter_gather_list(Srb);
}

API VOID StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...)
{
    (void)HwDeviceExtension;
    va_list arguments;
    va_start(arguments, HwDeviceExtension);
    dumpfw_notification("StorPortNotification", (uint32_t)NotificationType, arguments);
    va_end(arguments);
}

API VOID StorPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG ErrorCode, ULONG UniqueId)
{
    (void)HwDeviceExtension;
    dumpfw_report_error(Srb, PathId, TargetId, Lun, ErrorCode, UniqueId);
}

API VOID StorPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus)
{
    (void)HwDeviceExtension;
    dumpfw_complete_request("StorPortCompleteRequest", PathId, TargetId, Lun, SrbStatus);
}

API VOID StorPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length)
{
    __builtin_memmove(WriteBuffer, ReadBuffer, Length);
}

API VOID StorPortStallExecution(ULONG Delay)
{
    dumpfw_stall(Delay);
}

API STOR_PHYSICAL_ADDRESS StorPortConvertUlong64ToPhysicalAddress(ULONG64 UlongAddress)
{
    STOR_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)UlongAddress;
    return address;
}

API ULONG64 StorPortConvertPhysicalAddressToUlong64(STOR_PHYSICAL_ADDRESS Address)
{
    return (ULONG64)Address.QuadPart;
}

API BOOLEAN StorPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber, STOR_PHYSICAL_ADDRESS IoAddress,
                                  ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    (void)HwDeviceExtension;
    (void)BusType;
    (void)SystemIoBusNumber;
    return (BOOLEAN)dumpfw_validate_range((uint64_t)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

API VOID StorPortQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    int64_t now;
    dumpfw_query_time(&now);
    CurrentTime->QuadPart = now;
}

/* Flow control: the dump port has one request outstanding and sends the next only after a completion, so pausing,
 * busy and ready change nothing; they succeed as in dump mode. */
API BOOLEAN StorPortPause(PVOID HwDeviceExtension, ULONG TimeOut)
{
    (void)HwDeviceExtension;
    (void)TimeOut;
    return TRUE;
}

API BOOLEAN StorPortResume(PVOID HwDeviceExtension)
{
    (void)HwDeviceExtension;
    return TRUE;
}

API BOOLEAN StorPortPauseDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG TimeOut)
{
    (void)HwDeviceExtension;
    (void)PathId;
    (void)TargetId;
    (void)Lun;
    (void)TimeOut;
    return TRUE;
}

API BOOLEAN StorPortResumeDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    (void)HwDeviceExtension;
    (void)PathId;
    (void)TargetId;
    (void)Lun;
    return TRUE;
}

API BOOLEAN StorPortBusy(PVOID HwDeviceExtension, ULONG RequestsToComplete)
{
    (void)HwDeviceExtension;
    (void)RequestsToComplete;
    return TRUE;
}

API BOOLEAN StorPortReady(PVOID HwDeviceExtension)
{
    (void)HwDeviceExtension;
    return TRUE;
}

API BOOLEAN StorPortDeviceBusy(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG RequestsToComplete)
{
    (void)HwDeviceExtension;
    (void)PathId;
    (void)TargetId;
    (void)Lun;
    (void)RequestsToComplete;
    return TRUE;
}

API BOOLEAN StorPortDeviceReady(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    (void)HwDeviceExtension;
    (void)PathId;
    (void)TargetId;
    (void)Lun;
    return TRUE;
}

API BOOLEAN StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG Depth)
{
    (void)HwDeviceExtension;
    (void)PathId;
    (void)TargetId;
    (void)Lun;
    (void)Depth;
    return TRUE;
}

API VOID StorPortSynchronizeAccess(PVOID HwDeviceExtension, BOOLEAN (*SynchronizedAccessRoutine)(PVOID, PVOID), PVOID Context)
{
    /* Interrupts are off and nothing runs concurrently: call it directly. */
    SynchronizedAccessRoutine(HwDeviceExtension, Context);
}

API ULONG StorPortExtendedFunction(STORPORT_FUNCTION_CODE FunctionCode, PVOID HwDeviceExtension, ...)
{
    (void)HwDeviceExtension;
    va_list arguments;
    va_start(arguments, HwDeviceExtension);
    ULONG status = STOR_STATUS_NOT_IMPLEMENTED;
    switch (FunctionCode) {
    case ExtFunctionGetSystemAddress: {
        PSCSI_REQUEST_BLOCK srb = va_arg(arguments, PSCSI_REQUEST_BLOCK);
        PVOID *address = va_arg(arguments, PVOID *);
        PVOID mapped = dumpfw_system_address(srb);
        if (address) {
            *address = mapped;
        }
        status = mapped ? STOR_STATUS_SUCCESS : STOR_STATUS_INVALID_PARAMETER;
        break;
    }
    case ExtFunctionGetCurrentProcessorNumber: {
        /* PROCESSOR_NUMBER {USHORT Group; UCHAR Number; UCHAR Reserved}: the dump runs on processor 0 of group 0. */
        uint8_t *number = va_arg(arguments, uint8_t *);
        if (number) {
            __builtin_memset(number, 0, 4);
        }
        status = STOR_STATUS_SUCCESS;
        break;
    }
    case ExtFunctionAllocatePool:
        dumpfw_refuse("StorPortAllocatePool", "no pool allocation in dump mode (STOR_STATUS_NOT_IMPLEMENTED); allocate in HwFindAdapter from the uncached extension or the device extension");
        break;
    case ExtFunctionFreePool:
        dumpfw_refuse("StorPortFreePool", "no pool in dump mode (STOR_STATUS_NOT_IMPLEMENTED)");
        break;
    case ExtFunctionAllocateMdl:
    case ExtFunctionBuildMdlForNonPagedPool:
        dumpfw_refuse("StorPortAllocateMdl", "no MDL allocation in dump mode (STOR_STATUS_NOT_IMPLEMENTED)");
        break;
    case ExtFunctionAllocateContiguousMemorySpecifyCacheNode:
        dumpfw_refuse("StorPortAllocateContiguousMemorySpecifyCacheNode", "no memory allocation in dump mode (STOR_STATUS_NOT_IMPLEMENTED)");
        break;
    case ExtFunctionBuildScatterGatherList:
        dumpfw_refuse("StorPortBuildScatterGatherList", "not available in dump mode (STOR_STATUS_NOT_IMPLEMENTED); use StorPortGetScatterGatherList");
        break;
    default: {
        char why[96];
        __builtin_snprintf(why, sizeof why, "function code %d is not available in dump mode (STOR_STATUS_NOT_IMPLEMENTED)", (int)FunctionCode);
        dumpfw_refuse("StorPortExtendedFunction", why);
        break;
    }
    }
    va_end(arguments);
    return status;
}

API VOID StorPortDebugPrint(ULONG DebugPrintLevel, PCCHAR Format, ...)
{
    va_list arguments;
    va_start(arguments, Format);
    dumpfw_debug_print(DebugPrintLevel, Format, arguments);
    va_end(arguments);
}

#define READ(name, type, width) \
    API type StorPortRead##name(PVOID HwDeviceExtension, type *Address) \
    { (void)HwDeviceExtension; return (type)dumpfw_read("StorPortRead" #name, Address, width); }
#define WRITE(name, type, width) \
    API VOID StorPortWrite##name(PVOID HwDeviceExtension, type *Address, type Value) \
    { (void)HwDeviceExtension; dumpfw_write("StorPortWrite" #name, Address, width, Value); }
#define READ_BUFFER(name, type, width, advance) \
    API VOID StorPortRead##name(PVOID HwDeviceExtension, type *Address, type *Buffer, ULONG Count) \
    { (void)HwDeviceExtension; dumpfw_read_buffer("StorPortRead" #name, Address, Buffer, Count, width, advance); }
#define WRITE_BUFFER(name, type, width, advance) \
    API VOID StorPortWrite##name(PVOID HwDeviceExtension, type *Address, type *Buffer, ULONG Count) \
    { (void)HwDeviceExtension; dumpfw_write_buffer("StorPortWrite" #name, Address, Buffer, Count, width, advance); }

READ(PortUchar, UCHAR, 1)
READ(PortUshort, USHORT, 2)
READ(PortUlong, ULONG, 4)
READ(RegisterUchar, UCHAR, 1)
READ(RegisterUshort, USHORT, 2)
READ(RegisterUlong, ULONG, 4)
WRITE(PortUchar, UCHAR, 1)
WRITE(PortUshort, USHORT, 2)
WRITE(PortUlong, ULONG, 4)
WRITE(RegisterUchar, UCHAR, 1)
WRITE(RegisterUshort, USHORT, 2)
WRITE(RegisterUlong, ULONG, 4)
READ_BUFFER(PortBufferUchar, UCHAR, 1, 0)
READ_BUFFER(PortBufferUshort, USHORT, 2, 0)
READ_BUFFER(PortBufferUlong, ULONG, 4, 0)
READ_BUFFER(RegisterBufferUchar, UCHAR, 1, 1)
READ_BUFFER(RegisterBufferUshort, USHORT, 2, 1)
READ_BUFFER(RegisterBufferUlong, ULONG, 4, 1)
WRITE_BUFFER(PortBufferUchar, UCHAR, 1, 0)
WRITE_BUFFER(PortBufferUshort, USHORT, 2, 0)
WRITE_BUFFER(PortBufferUlong, ULONG, 4, 0)
WRITE_BUFFER(RegisterBufferUchar, UCHAR, 1, 1)
WRITE_BUFFER(RegisterBufferUshort, USHORT, 2, 1)
WRITE_BUFFER(RegisterBufferUlong, ULONG, 4, 1)
