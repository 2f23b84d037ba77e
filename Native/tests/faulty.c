/*
 * faulty: a Storport miniport that misbehaves in one chosen way, for the isolation tests (tests/Host.Tests/Native).
 * Built four times with one of FAULTY_NULL_DEREFERENCE, FAULTY_INFINITE_LOOP, FAULTY_REFUSED_ROUTINE or
 * FAULTY_DIRECT_REGISTER; otherwise it finds the adapter, maps its registers and fails every request it is given.
 */
#include <storport.h>

typedef struct _FAULTY_EXTENSION {
    PULONG Registers;
} FAULTY_EXTENSION, *PFAULTY_EXTENSION;

HW_FIND_ADAPTER FaultyFindAdapter;
HW_INITIALIZE FaultyInitialize;
HW_STARTIO FaultyStartIo;
HW_INTERRUPT FaultyInterrupt;
HW_RESET_BUS FaultyResetBus;

ULONG FaultyFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                        PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PFAULTY_EXTENSION e = DeviceExtension;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[0];
    e->Registers = StorPortGetDeviceBase(e, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber, range->RangeStart,
                                         range->RangeLength, (BOOLEAN)!range->RangeInMemory);
#ifdef FAULTY_REFUSED_ROUTINE
    /* Pool allocation is refused in dump mode: a miniport that depends on it cannot start. */
    PVOID pool = NULL;
    if (StorPortAllocatePool(e, 4096, 'tluF', &pool) != STOR_STATUS_SUCCESS) {
        return SP_RETURN_ERROR;
    }
#endif
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 16;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    return e->Registers ? SP_RETURN_FOUND : SP_RETURN_ERROR;
}

BOOLEAN FaultyInitialize(PVOID DeviceExtension)
{
    PFAULTY_EXTENSION e = DeviceExtension;
#ifdef FAULTY_DIRECT_REGISTER
    /* What real hardware would allow and the bench does not: the register read must go through the port. */
    return e->Registers[0x30 / 4] != 0xFFFFFFFF;
#else
    return StorPortReadRegisterUlong(e, e->Registers) != 0xFFFFFFFF || TRUE;
#endif
}

BOOLEAN FaultyStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
#ifdef FAULTY_NULL_DEREFERENCE
    volatile PUCHAR nothing = NULL;
    Srb->ScsiStatus = *nothing;
#endif
#ifdef FAULTY_INFINITE_LOOP
    for (volatile ULONG spin = 0;; spin++) {
    }
#endif
    Srb->SrbStatus = SRB_STATUS_ERROR;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN FaultyInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE;
}

BOOLEAN FaultyResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = FaultyFindAdapter;
    init.HwInitialize = FaultyInitialize;
    init.HwStartIo = FaultyStartIo;
    init.HwInterrupt = FaultyInterrupt;
    init.HwResetBus = FaultyResetBus;
    init.DeviceExtensionSize = sizeof(FAULTY_EXTENSION);
    init.NumberOfAccessRanges = 1;
    init.NeedPhysicalAddresses = TRUE;
    init.AutoRequestSense = TRUE;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
