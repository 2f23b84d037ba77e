/* The ScsiPort face of the shim: the routines a ScsiPort miniport (miniport.h, srb.h) imports. */
#include <miniport.h>
#include <srb.h>
#include "shim_internal.h"

#define API DUMPFW_EXPORT

API ULONG ScsiPortInitialize(PVOID Argument1, PVOID Argument2, struct _HW_INITIALIZATION_DATA *data, PVOID HwContext)
{
    (void)Argument1;
    (void)Argument2;
    (void)HwContext;
    if (data == NULL || data->HwInitializationDataSize < sizeof(HW_INITIALIZATION_DATA)) {
        dumpfw_refuse("ScsiPortInitialize", "HW_INITIALIZATION_DATA is missing or shorter than the ScsiPort structure");
        return (ULONG)STATUS_INVALID_PARAMETER;
    }
    dumpfw_registration r = { 0 };
    r.links = DUMPFW_LINKS_SCSIPORT;
    r.initialize = (void *)data->HwInitialize;
    r.start_io = (void *)data->HwStartIo;
    r.interrupt = (void *)data->HwInterrupt;
    r.find_adapter = (void *)data->HwFindAdapter;
    r.reset_bus = (void *)data->HwResetBus;
    r.adapter_control = (void *)data->HwAdapterControl;
    r.device_extension_size = data->DeviceExtensionSize;
    r.specific_lu_extension_size = data->SpecificLuExtensionSize;
    r.srb_extension_size = data->SrbExtensionSize;
    r.number_of_access_ranges = data->NumberOfAccessRanges;
    r.map_buffers = data->MapBuffers;
    r.need_physical_addresses = data->NeedPhysicalAddresses;
    r.tagged_queuing = data->TaggedQueuing;
    r.auto_request_sense = data->AutoRequestSense;
    r.multiple_request_per_lu = data->MultipleRequestPerLu;
    return dumpfw_register(&r, "ScsiPortInitialize");
}

API VOID ScsiPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress)
{
    (void)HwDeviceExtension;
    dumpfw_free_device_base("ScsiPortFreeDeviceBase", MappedAddress);
}

API ULONG ScsiPortGetBusData(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Length)
{
    (void)DeviceExtension;
    return dumpfw_get_bus_data("ScsiPortGetBusData", BusDataType, SystemIoBusNumber, SlotNumber, Buffer, 0, Length, 0);
}

API ULONG ScsiPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer,
                                     ULONG Offset, ULONG Length)
{
    (void)DeviceExtension;
    return dumpfw_get_bus_data("ScsiPortSetBusDataByOffset", BusDataType, SystemIoBusNumber, SlotNumber, Buffer, Offset, Length, 1);
}

API PVOID ScsiPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber, SCSI_PHYSICAL_ADDRESS IoAddress,
                                ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    (void)HwDeviceExtension;
    (void)BusType;
    (void)SystemIoBusNumber;
    return dumpfw_device_base("ScsiPortGetDeviceBase", (uint64_t)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

API PVOID ScsiPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    (void)HwDeviceExtension;
    return dumpfw_logical_unit(PathId, TargetId, Lun);
}

API PSCSI_REQUEST_BLOCK ScsiPortGetSrb(PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, LONG QueueTag)
{
    (void)DeviceExtension;
    (void)QueueTag;
    return dumpfw_get_srb(PathId, TargetId, Lun);
}

API SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID VirtualAddress, ULONG *Length)
{
    (void)HwDeviceExtension;
    uint32_t length = 0;
    SCSI_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)dumpfw_physical_address("ScsiPortGetPhysicalAddress", Srb, VirtualAddress, &length);
    if (Length) {
        *Length = length;
    }
    return address;
}

API PVOID ScsiPortGetVirtualAddress(PVOID HwDeviceExtension, SCSI_PHYSICAL_ADDRESS PhysicalAddress)
{
    (void)HwDeviceExtension;
    return dumpfw_virtual_address((uint64_t)PhysicalAddress.QuadPart);
}

API PVOID ScsiPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG NumberOfBytes)
{
    (void)HwDeviceExtension;
    return dumpfw_get_uncached_extension("ScsiPortGetUncachedExtension", ConfigInfo, NumberOfBytes);
}

API VOID ScsiPortFlushDma(PVOID DeviceExtension)
{
    /* Bus-master DMA only: nothing is buffered in a map register. */
    (void)DeviceExtension;
}

API VOID ScsiPortIoMapTransfer(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID LogicalAddress, ULONG Length)
{
    (void)HwDeviceExtension;
    (void)Srb;
    (void)LogicalAddress;
    (void)Length;
    dumpfw_refuse("ScsiPortIoMapTransfer", "system (slave) DMA is not available to a dump miniport; only bus-master adapters can dump");
}

API VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...)
{
    (void)HwDeviceExtension;
    va_list arguments;
    va_start(arguments, HwDeviceExtension);
    dumpfw_notification("ScsiPortNotification", (uint32_t)NotificationType, arguments);
    va_end(arguments);
}

API VOID ScsiPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG ErrorCode, ULONG UniqueId)
{
    (void)HwDeviceExtension;
    dumpfw_report_error(Srb, PathId, TargetId, Lun, ErrorCode, UniqueId);
}

API VOID ScsiPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus)
{
    (void)HwDeviceExtension;
    dumpfw_complete_request("ScsiPortCompleteRequest", PathId, TargetId, Lun, SrbStatus);
}

API BOOLEAN ScsiPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber, SCSI_PHYSICAL_ADDRESS IoAddress,
                                  ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    (void)HwDeviceExtension;
    (void)BusType;
    (void)SystemIoBusNumber;
    return (BOOLEAN)dumpfw_validate_range((uint64_t)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

API VOID ScsiPortQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    int64_t now;
    dumpfw_query_time(&now);
    CurrentTime->QuadPart = now;
}

API SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress)
{
    SCSI_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)UlongAddress;
    return address;
}

API ULONG ScsiPortConvertPhysicalAddressToUlong(SCSI_PHYSICAL_ADDRESS Address)
{
    return Address.LowPart;
}

API VOID ScsiPortStallExecution(ULONG Delay)
{
    dumpfw_stall(Delay);
}

API VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length)
{
    __builtin_memmove(WriteBuffer, ReadBuffer, Length);
}

API VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage, ...)
{
    va_list arguments;
    va_start(arguments, DebugMessage);
    dumpfw_debug_print(DebugPrintLevel, DebugMessage, arguments);
    va_end(arguments);
}

/* Port (I/O space) buffers repeat one port; register buffers walk consecutive addresses, as the HAL's do. */
#define READ(name, type, width) \
    API type ScsiPortRead##name(type *Address) { return (type)dumpfw_read("ScsiPortRead" #name, Address, width); }
#define WRITE(name, type, width) \
    API VOID ScsiPortWrite##name(type *Address, type Value) { dumpfw_write("ScsiPortWrite" #name, Address, width, Value); }
#define READ_BUFFER(name, type, width, advance) \
    API VOID ScsiPortRead##name(type *Address, type *Buffer, ULONG Count) \
    { dumpfw_read_buffer("ScsiPortRead" #name, Address, Buffer, Count, width, advance); }
#define WRITE_BUFFER(name, type, width, advance) \
    API VOID ScsiPortWrite##name(type *Address, type *Buffer, ULONG Count) \
    { dumpfw_write_buffer("ScsiPortWrite" #name, Address, Buffer, Count, width, advance); }

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
