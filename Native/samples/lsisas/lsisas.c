/*
 * lsisas: a polled Storport miniport for the LSI SAS1064/1068 (Fusion-MPT, MPI 1.5), written in C against the
 * DumpFramework SDK exactly as it would be against the WDK: what the C# LSI_SAS plugin (Plugins/MiniportLsiSas) does,
 * as a vendor's C source. It talks to the IOC only through StorPortRead/WriteRegisterUlong and one uncached
 * extension carved into the request frame, chain frames, reply frames and the sense buffer. One request at a time.
 *
 * VENDOR: the places marked VENDOR are where your controller's code replaces the Fusion-MPT code.
 */
#include <storport.h>
#include <scsi.h>
#include "mpi.h"

/* VENDOR: your controller's PCI vendor and device IDs. */
#define LSI_VENDOR_ID 0x1000
static const USHORT SupportedDeviceIds[] = { 0x0050, 0x0054, 0x0056, 0x0058 };

/* VENDOR: your controller's frame, queue and transfer limits. */
#define FRAME_SIZE 128                /* request and chain frames (the Linux driver's MPT_DEFAULT_FRAME_SIZE) */
#define REPLY_FRAME_SIZE 64
#define REPLY_FRAME_COUNT 16
#define MPI_SENSE_BYTES 256
#define FRAME_ALIGNMENT 64
#define MAXIMUM_TRANSFER_BYTES (128u * 1024u)
#define MAXIMUM_ELEMENTS ((MAXIMUM_TRANSFER_BYTES / PAGE_SIZE) + 1)
#define MAIN_FRAME_ELEMENTS ((FRAME_SIZE - MPI_SCSIIO_HEADER_SIZE) / MPI_SGE64_SIZE)
#define CHAIN_FRAME_ELEMENTS (FRAME_SIZE / MPI_SGE64_SIZE)
#define MAXIMUM_TARGETS 128
#define INITIATOR_ID 128

#define HANDSHAKE_POLL_US 20u
#define HANDSHAKE_TIMEOUT_US 5000000u
#define STATE_POLL_US 1000u
#define RESET_TIMEOUT_US 30000000u

#define CONTEXT_IOC_FACTS 1u
#define CONTEXT_PORT_FACTS 2u
#define CONTEXT_IOC_INIT 3u
#define CONTEXT_PORT_ENABLE 4u
#define CONTEXT_EVENT_NOTIFICATION 5u

/* Chain frames needed for the largest transfer, computed as the C# driver does. */
static ULONG ChainFramesFor(ULONG elements)
{
    if (elements <= MAIN_FRAME_ELEMENTS) {
        return 0;
    }
    LONG remaining = (LONG)(elements - (MAIN_FRAME_ELEMENTS - 1));
    ULONG frames = 0;
    while (remaining > 0) {
        frames++;
        remaining -= remaining > CHAIN_FRAME_ELEMENTS ? CHAIN_FRAME_ELEMENTS - 1 : remaining;
    }
    return frames;
}

#define CHAIN_FRAME_COUNT 3
#define REQUEST_FRAME_OFFSET 0
#define CHAIN_FRAMES_OFFSET (REQUEST_FRAME_OFFSET + FRAME_SIZE)
#define REPLY_FRAMES_OFFSET (CHAIN_FRAMES_OFFSET + CHAIN_FRAME_COUNT * FRAME_SIZE)
#define SENSE_BUFFER_OFFSET (REPLY_FRAMES_OFFSET + REPLY_FRAME_COUNT * REPLY_FRAME_SIZE)
#define EXTENSION_BYTES (SENSE_BUFFER_OFFSET + MPI_SENSE_BYTES + FRAME_ALIGNMENT)

typedef struct _LSI_EXTENSION {
    PUCHAR Registers;
    PUCHAR Base;               /* the first 64-byte aligned byte of the uncached extension */
    ULONG64 BasePhysical;
    ULONG HighAddress;
    ULONG ReplyFramesPosted;
    BOOLEAN Initialized;
    PSCSI_REQUEST_BLOCK Active;
    ULONG ActiveContext;
    ULONG Sequence;
    ULONG ElementCount;
    ULONG64 ElementAddress[MAXIMUM_ELEMENTS];
    ULONG ElementLength[MAXIMUM_ELEMENTS];
    ULONG HandshakeRequest[11];
    UCHAR HandshakeReply[0x60];
} LSI_EXTENSION, *PLSI_EXTENSION;

HW_FIND_ADAPTER LsiFindAdapter;
HW_INITIALIZE LsiInitialize;
HW_STARTIO LsiStartIo;
HW_INTERRUPT LsiInterrupt;
HW_RESET_BUS LsiResetBus;
HW_ADAPTER_CONTROL LsiAdapterControl;

static ULONG Read(PLSI_EXTENSION e, ULONG offset)
{
    return StorPortReadRegisterUlong(e, (PULONG)(e->Registers + offset));
}

static VOID Write(PLSI_EXTENSION e, ULONG offset, ULONG value)
{
    StorPortWriteRegisterUlong(e, (PULONG)(e->Registers + offset), value);
}

static PUCHAR At(PLSI_EXTENSION e, ULONG offset)
{
    return e->Base + offset;
}

static ULONG64 Physical(PLSI_EXTENSION e, ULONG offset)
{
    return e->BasePhysical + offset;
}

static ULONG Get32(const UCHAR *p) { return (ULONG)p[0] | ((ULONG)p[1] << 8) | ((ULONG)p[2] << 16) | ((ULONG)p[3] << 24); }
static USHORT Get16(const UCHAR *p) { return (USHORT)(p[0] | (p[1] << 8)); }
static VOID Put32(UCHAR *p, ULONG v) { p[0] = (UCHAR)v; p[1] = (UCHAR)(v >> 8); p[2] = (UCHAR)(v >> 16); p[3] = (UCHAR)(v >> 24); }
static VOID Put64(UCHAR *p, ULONG64 v) { Put32(p, (ULONG)v); Put32(p + 4, (ULONG)(v >> 32)); }

static BOOLEAN Fail(PLSI_EXTENSION e, const char *message)
{
    StorPortDebugPrint(0, "lsisas: %s (doorbell 0x%08X).", message, Read(e, MPI_DOORBELL));
    StorPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 0);
    return FALSE;
}

/* ------------------------------------------------------------------ DriverEntry and HwFindAdapter */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    if (ChainFramesFor(MAXIMUM_ELEMENTS) != CHAIN_FRAME_COUNT) {
        return (ULONG)STATUS_UNSUCCESSFUL; /* the extension layout below was sized for another transfer limit */
    }
    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = LsiFindAdapter;
    init.HwInitialize = LsiInitialize;
    init.HwStartIo = LsiStartIo;
    init.HwInterrupt = LsiInterrupt;
    init.HwResetBus = LsiResetBus;
    init.HwAdapterControl = LsiAdapterControl;
    init.DeviceExtensionSize = sizeof(LSI_EXTENSION);
    init.NumberOfAccessRanges = 2;
    init.MapBuffers = STOR_MAP_NO_BUFFERS;
    init.NeedPhysicalAddresses = TRUE;
    init.AutoRequestSense = TRUE;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}

static BOOLEAN HasDumpArgument(const char *arguments)
{
    for (const char *p = arguments; p && *p; p++) {
        if ((p[0] | 0x20) == 'd' && (p[1] | 0x20) == 'u' && (p[2] | 0x20) == 'm' && (p[3] | 0x20) == 'p' && p[4] == '=' && p[5] == '1') {
            return TRUE;
        }
    }
    return FALSE;
}

ULONG LsiFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                     PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PLSI_EXTENSION e = DeviceExtension;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;

    PCI_COMMON_CONFIG pci;
    if (StorPortGetBusData(e, PCIConfiguration, ConfigInfo->SystemIoBusNumber, ConfigInfo->SlotNumber, &pci, PCI_COMMON_HDR_LENGTH) < 4) {
        return SP_RETURN_NOT_FOUND;
    }
    BOOLEAN supported = FALSE;
    for (ULONG i = 0; i < ARRAYSIZE(SupportedDeviceIds); i++) {
        supported |= pci.VendorID == LSI_VENDOR_ID && pci.DeviceID == SupportedDeviceIds[i];
    }
    if (!supported) {
        return SP_RETURN_NOT_FOUND;
    }

    if (!HasDumpArgument(ArgumentString) && ConfigInfo->DumpMode == 0) {
        StorPortDebugPrint(0, "lsisas: this polled miniport only runs in a dump stack (no \"dump=1\").");
        StorPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 1);
        return SP_RETURN_BAD_CONFIG;
    }

    /* VENDOR: pick your register window(s). The memory BAR and the I/O BAR decode the same registers; prefer memory. */
    PACCESS_RANGE registers = NULL;
    for (ULONG i = 0; i < ConfigInfo->NumberOfAccessRanges; i++) {
        PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[i];
        if (range->RangeLength >= 0x100 && (registers == NULL || (range->RangeInMemory && !registers->RangeInMemory))) {
            registers = range;
        }
    }
    if (registers == NULL) {
        StorPortDebugPrint(0, "lsisas: no register window of at least 256 bytes in the configuration.");
        StorPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 2);
        return SP_RETURN_BAD_CONFIG;
    }
    e->Registers = StorPortGetDeviceBase(e, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber, registers->RangeStart,
                                         registers->RangeLength, (BOOLEAN)!registers->RangeInMemory);
    if (e->Registers == NULL) {
        return SP_RETURN_ERROR;
    }

    /* 64-bit DMA is declared before the uncached extension is asked for, so it may come from anywhere. */
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    PUCHAR extension = StorPortGetUncachedExtension(e, ConfigInfo, EXTENSION_BYTES);
    if (extension == NULL) {
        StorPortDebugPrint(0, "lsisas: no uncached extension of %d bytes.", EXTENSION_BYTES);
        StorPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 3);
        return SP_RETURN_ERROR;
    }
    ULONG length;
    ULONG64 physical = (ULONG64)StorPortGetPhysicalAddress(e, NULL, extension, &length).QuadPart;
    ULONG skew = (ULONG)((FRAME_ALIGNMENT - (physical % FRAME_ALIGNMENT)) % FRAME_ALIGNMENT);
    ULONG64 first = physical + skew;
    ULONG64 last = physical + EXTENSION_BYTES - 1;
    /* All frames share the upper 32 address bits given to IOC_INIT: the extension must not straddle 4 GiB. */
    if ((first >> 32) != (last >> 32) || length < EXTENSION_BYTES) {
        StorPortDebugPrint(0, "lsisas: the uncached extension crosses a 4 GiB boundary or is not contiguous.");
        StorPortLogError(e, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 4);
        return SP_RETURN_ERROR;
    }
    e->Base = extension + skew;
    e->BasePhysical = first;
    e->HighAddress = (ULONG)(first >> 32);

    ConfigInfo->MaximumTransferLength = MAXIMUM_TRANSFER_BYTES;
    ConfigInfo->NumberOfPhysicalBreaks = MAXIMUM_ELEMENTS - 1;
    ConfigInfo->AlignmentMask = 0x3;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = MAXIMUM_TARGETS;
    ConfigInfo->InitiatorBusId[0] = (CCHAR)INITIATOR_ID;
    return SP_RETURN_FOUND;
}

BOOLEAN LsiResetBus(PVOID DeviceExtension, ULONG PathId)
{
    /* In a dump stack a bus reset would only lose the disk's state: ignore it, as the dump rules require. */
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

/* ------------------------------------------------------------------ polling helpers */

static BOOLEAN WaitForState(PLSI_EXTENSION e, ULONG state, ULONG timeout)
{
    for (ULONG waited = 0;; waited += STATE_POLL_US) {
        ULONG doorbell = Read(e, MPI_DOORBELL);
        ULONG current = doorbell >> MPI_STATE_SHIFT;
        if (current == state && (doorbell & MPI_DOORBELL_ACTIVE) == 0) {
            return TRUE;
        }
        if (current == MPI_STATE_FAULT || waited >= timeout) {
            return FALSE;
        }
        StorPortStallExecution(STATE_POLL_US);
    }
}

static BOOLEAN WaitForBits(PLSI_EXTENSION e, ULONG offset, ULONG mask, BOOLEAN set, ULONG interval, ULONG timeout)
{
    for (ULONG waited = 0;; waited += interval) {
        if (((Read(e, offset) & mask) != 0) == set) {
            return TRUE;
        }
        if (waited >= timeout) {
            return FALSE;
        }
        StorPortStallExecution(interval);
    }
}

static BOOLEAN WaitForDoorbellInterrupt(PLSI_EXTENSION e)
{
    return WaitForBits(e, MPI_HOST_INTERRUPT_STATUS, MPI_HIS_DOORBELL_INTERRUPT, TRUE, HANDSHAKE_POLL_US, HANDSHAKE_TIMEOUT_US);
}

static BOOLEAN WaitForDoorbellAcknowledge(PLSI_EXTENSION e)
{
    return WaitForBits(e, MPI_HOST_INTERRUPT_STATUS, MPI_HIS_IOP_DOORBELL_STATUS, FALSE, HANDSHAKE_POLL_US, HANDSHAKE_TIMEOUT_US);
}

/* ------------------------------------------------------------------ doorbell handshake */

static BOOLEAN Handshake(PLSI_EXTENSION e, ULONG dwords, ULONG *replyLength)
{
    *replyLength = 0;
    if (Read(e, MPI_DOORBELL) & MPI_DOORBELL_ACTIVE) {
        return FALSE;
    }
    Write(e, MPI_HOST_INTERRUPT_STATUS, 0);
    Write(e, MPI_DOORBELL, MPI_DOORBELL_HANDSHAKE | (dwords << MPI_DOORBELL_ADD_DWORDS_SHIFT));
    if (!WaitForDoorbellInterrupt(e)) {
        return FALSE;
    }
    Write(e, MPI_HOST_INTERRUPT_STATUS, 0);
    if (!WaitForDoorbellAcknowledge(e)) {
        return FALSE;
    }
    for (ULONG i = 0; i < dwords; i++) {
        Write(e, MPI_DOORBELL, e->HandshakeRequest[i]);
        if (!WaitForDoorbellAcknowledge(e)) {
            return FALSE;
        }
    }
    /* The first two words carry MsgLength (dwords); words beyond the buffer are read and dropped. */
    ULONG words = 2;
    for (ULONG word = 0; word < words; word++) {
        if (!WaitForDoorbellInterrupt(e)) {
            return FALSE;
        }
        USHORT value = (USHORT)(Read(e, MPI_DOORBELL) & MPI_DOORBELL_DATA_MASK);
        Write(e, MPI_HOST_INTERRUPT_STATUS, 0);
        if (word * 2 + 2 <= sizeof e->HandshakeReply) {
            e->HandshakeReply[word * 2] = (UCHAR)value;
            e->HandshakeReply[word * 2 + 1] = (UCHAR)(value >> 8);
        }
        if (word == 1) {
            words = max(2u, (ULONG)(value & 0xFF) * 2);
        }
    }
    if (!WaitForDoorbellInterrupt(e)) {
        return FALSE;
    }
    Write(e, MPI_HOST_INTERRUPT_STATUS, 0);
    *replyLength = min(words * 2, (ULONG)sizeof e->HandshakeReply);
    return TRUE;
}

static BOOLEAN ReplyOk(const UCHAR *reply, ULONG length, UCHAR function, ULONG context)
{
    return length >= 0x10 && reply[3] == function && Get32(reply + 8) == context && (Get16(reply + 0x0E) & MPI_IOC_STATUS_MASK) == MPI_STATUS_SUCCESS;
}

static BOOLEAN MessageUnitReset(PLSI_EXTENSION e)
{
    Write(e, MPI_DOORBELL, MPI_DOORBELL_MESSAGE_UNIT_RESET);
    return WaitForDoorbellAcknowledge(e) && WaitForState(e, MPI_STATE_READY, RESET_TIMEOUT_US);
}

static BOOLEAN DiagnosticReset(PLSI_EXTENSION e)
{
    static const ULONG keys[] = { 0x04, 0x0B, 0x02, 0x07, 0x0D };
    /* Unlock HostDiagnostic with the key sequence (the first write restarts any partial sequence). */
    Write(e, MPI_WRITE_SEQUENCE, MPI_WRITE_SEQUENCE_FLUSH);
    for (ULONG i = 0; i < ARRAYSIZE(keys); i++) {
        Write(e, MPI_WRITE_SEQUENCE, keys[i]);
    }
    ULONG diagnostic = Read(e, MPI_HOST_DIAGNOSTIC);
    if ((diagnostic & MPI_DIAG_WRITE_ENABLE) == 0) {
        return Fail(e, "HostDiagnostic did not unlock for a diagnostic reset");
    }
    Write(e, MPI_HOST_DIAGNOSTIC, diagnostic | MPI_DIAG_RESET_ADAPTER);
    StorPortStallExecution(STATE_POLL_US);
    BOOLEAN resetDone = WaitForBits(e, MPI_HOST_DIAGNOSTIC, MPI_DIAG_RESET_ADAPTER, FALSE, STATE_POLL_US, RESET_TIMEOUT_US);
    BOOLEAN ready = resetDone && WaitForState(e, MPI_STATE_READY, RESET_TIMEOUT_US);
    /* Clear the reset history and lock the register again. */
    Write(e, MPI_HOST_DIAGNOSTIC, Read(e, MPI_HOST_DIAGNOSTIC) & ~(MPI_DIAG_RESET_HISTORY | MPI_DIAG_RESET_ADAPTER));
    Write(e, MPI_WRITE_SEQUENCE, MPI_WRITE_SEQUENCE_FLUSH);
    return ready;
}

/* READY as is; OPERATIONAL (left by the boot driver) through a message unit reset; FAULT, a stuck RESET, a hung
 * handshake or a failed message unit reset through a diagnostic (hard) reset. */
static BOOLEAN BringToReady(PLSI_EXTENSION e)
{
    ULONG doorbell = Read(e, MPI_DOORBELL);
    ULONG state = doorbell >> MPI_STATE_SHIFT;
    if (state == MPI_STATE_RESET) {
        /* The firmware may still be booting: give it time before forcing a reset. */
        return WaitForState(e, MPI_STATE_READY, RESET_TIMEOUT_US / 10) || DiagnosticReset(e);
    }
    if (state == MPI_STATE_READY && (doorbell & MPI_DOORBELL_ACTIVE) == 0) {
        return TRUE;
    }
    if (state == MPI_STATE_OPERATIONAL && (doorbell & MPI_DOORBELL_ACTIVE) == 0 && MessageUnitReset(e)) {
        return TRUE;
    }
    if (state == MPI_STATE_FAULT) {
        StorPortDebugPrint(0, "lsisas: IOC found FAULTED (code 0x%04X); issuing a diagnostic reset.", doorbell & MPI_DOORBELL_DATA_MASK);
        StorPortLogError(e, NULL, 0, 0, 0, SP_BAD_FW_ERROR, 5);
    }
    return DiagnosticReset(e);
}

static BOOLEAN GetIocFacts(PLSI_EXTENSION e, USHORT *msgVersion, USHORT *headerVersion, ULONG *replyQueueDepth)
{
    ULONG length;
    e->HandshakeRequest[0] = (ULONG)MPI_FUNCTION_IOC_FACTS << 24;
    e->HandshakeRequest[1] = 0;
    e->HandshakeRequest[2] = CONTEXT_IOC_FACTS;
    if (!Handshake(e, 3, &length)) {
        return Fail(e, "IOC_FACTS handshake failed");
    }
    const UCHAR *reply = e->HandshakeReply;
    if (length < 0x28 || !ReplyOk(reply, length, MPI_FUNCTION_IOC_FACTS, CONTEXT_IOC_FACTS)) {
        return Fail(e, "IOC_FACTS returned an error");
    }
    *msgVersion = Get16(reply);
    *headerVersion = Get16(reply + 0x04);
    UCHAR maxChainDepth = reply[0x14];
    *replyQueueDepth = Get16(reply + 0x18);
    ULONG requestFrameBytes = (ULONG)Get16(reply + 0x1A) * 4;
    ULONG globalCredits = Get16(reply + 0x24);
    UCHAR ports = reply[0x26];
    if (requestFrameBytes < FRAME_SIZE || maxChainDepth < ChainFramesFor(MAXIMUM_ELEMENTS) || globalCredits < 1 || *replyQueueDepth < 1 || ports < 1) {
        return Fail(e, "the IOC cannot take this driver's frames");
    }
    return TRUE;
}

static BOOLEAN GetPortFacts(PLSI_EXTENSION e)
{
    ULONG length;
    e->HandshakeRequest[0] = (ULONG)MPI_FUNCTION_PORT_FACTS << 24;
    e->HandshakeRequest[1] = 0;
    e->HandshakeRequest[2] = CONTEXT_PORT_FACTS;
    if (!Handshake(e, 3, &length)) {
        return Fail(e, "PORT_FACTS handshake failed");
    }
    if (length < 0x1C || !ReplyOk(e->HandshakeReply, length, MPI_FUNCTION_PORT_FACTS, CONTEXT_PORT_FACTS)) {
        return Fail(e, "PORT_FACTS returned an error");
    }
    if (e->HandshakeReply[0x15] == 0) {
        return Fail(e, "port 0 is inactive");
    }
    return TRUE;
}

static BOOLEAN SendIocInit(PLSI_EXTENSION e, USHORT msgVersion, USHORT headerVersion)
{
    ULONG length;
    RtlZeroMemory(e->HandshakeRequest, sizeof e->HandshakeRequest);
    e->HandshakeRequest[0] = MPI_WHO_INIT_HOST_DRIVER | ((ULONG)MPI_FUNCTION_IOC_INIT << 24);
    e->HandshakeRequest[1] = ((ULONG)MAXIMUM_TARGETS << 8) | (1u << 16);
    e->HandshakeRequest[2] = CONTEXT_IOC_INIT;
    e->HandshakeRequest[3] = REPLY_FRAME_SIZE;
    e->HandshakeRequest[4] = e->HighAddress;
    e->HandshakeRequest[5] = e->HighAddress;
    /* MPI 1.5 IOCs take the 44-byte form with the versions; older ones the 24-byte form. */
    ULONG dwords = 6;
    if (msgVersion >= MPI_MSG_VERSION_15) {
        e->HandshakeRequest[10] = MPI_MSG_VERSION_15 | ((ULONG)headerVersion << 16);
        dwords = 11;
    }
    if (!Handshake(e, dwords, &length)) {
        return Fail(e, "IOC_INIT handshake failed");
    }
    if (!ReplyOk(e->HandshakeReply, length, MPI_FUNCTION_IOC_INIT, CONTEXT_IOC_INIT)) {
        return Fail(e, "IOC_INIT returned an error");
    }
    return TRUE;
}

static BOOLEAN SimpleRequest(PLSI_EXTENSION e, UCHAR function, ULONG context)
{
    ULONG length;
    e->HandshakeRequest[0] = (ULONG)function << 24;
    e->HandshakeRequest[1] = 0;
    e->HandshakeRequest[2] = context;
    return Handshake(e, 3, &length) && ReplyOk(e->HandshakeReply, length, function, context);
}

static BOOLEAN InitializeAdapter(PLSI_EXTENSION e)
{
    /* VENDOR: your controller's bring-up sequence (reset, firmware handshake, queue setup) goes here.
     * Polled operation: keep the IOC from asserting its interrupt line. */
    Write(e, MPI_HOST_INTERRUPT_MASK, MPI_HIM_DOORBELL_MASK | MPI_HIM_REPLY_MASK);
    if (!BringToReady(e)) {
        return Fail(e, "the IOC did not reach READY after a reset");
    }
    Write(e, MPI_HOST_INTERRUPT_MASK, MPI_HIM_DOORBELL_MASK | MPI_HIM_REPLY_MASK);
    USHORT msgVersion, headerVersion;
    ULONG replyQueueDepth;
    if (!GetIocFacts(e, &msgVersion, &headerVersion, &replyQueueDepth) || !GetPortFacts(e)) {
        return FALSE;
    }
    /* Give the IOC its reply frames before IOC_INIT, as the Linux driver does. */
    e->ReplyFramesPosted = min((ULONG)REPLY_FRAME_COUNT, replyQueueDepth);
    for (ULONG i = 0; i < e->ReplyFramesPosted; i++) {
        Write(e, MPI_REPLY_QUEUE, (ULONG)Physical(e, REPLY_FRAMES_OFFSET + i * REPLY_FRAME_SIZE));
    }
    if (!SendIocInit(e, msgVersion, headerVersion)) {
        return FALSE;
    }
    if (!WaitForState(e, MPI_STATE_OPERATIONAL, RESET_TIMEOUT_US)) {
        return Fail(e, "the IOC did not become OPERATIONAL after IOC_INIT");
    }
    if (!SimpleRequest(e, MPI_FUNCTION_PORT_ENABLE, CONTEXT_PORT_ENABLE)) {
        return Fail(e, "PORT_ENABLE failed");
    }
    /* Events would consume reply frames: make sure they are off. */
    if (!SimpleRequest(e, MPI_FUNCTION_EVENT_NOTIFICATION, CONTEXT_EVENT_NOTIFICATION)) {
        StorPortDebugPrint(0, "lsisas: EVENT_NOTIFICATION (off) was not accepted; continuing.");
        StorPortLogError(e, NULL, 0, 0, 0, SP_PROTOCOL_ERROR, 6);
    }
    return TRUE;
}

BOOLEAN LsiInitialize(PVOID DeviceExtension)
{
    PLSI_EXTENSION e = DeviceExtension;
    if (e->Registers == NULL || e->Base == NULL) {
        return FALSE;
    }
    e->Initialized = FALSE;
    e->Active = NULL;
    if (!InitializeAdapter(e)) {
        return FALSE;
    }
    e->Initialized = TRUE;
    return TRUE;
}

/* ScsiStopAdapter: mask the IOC's interrupts and take it back to READY with a message unit reset, which drops every
 * request it still holds (a diagnostic reset when it will not go). */
static BOOLEAN StopAdapter(PLSI_EXTENSION e)
{
    if (e->Registers == NULL || e->Base == NULL) {
        return FALSE;
    }
    e->Initialized = FALSE;
    e->Active = NULL;
    Write(e, MPI_HOST_INTERRUPT_MASK, MPI_HIM_DOORBELL_MASK | MPI_HIM_REPLY_MASK);
    ULONG doorbell = Read(e, MPI_DOORBELL);
    if ((doorbell >> MPI_STATE_SHIFT) == MPI_STATE_READY && (doorbell & MPI_DOORBELL_ACTIVE) == 0) {
        return TRUE;
    }
    if ((doorbell & MPI_DOORBELL_ACTIVE) == 0 && MessageUnitReset(e)) {
        return TRUE;
    }
    return DiagnosticReset(e) || Fail(e, "the IOC did not stop (message unit and diagnostic reset failed)");
}

SCSI_ADAPTER_CONTROL_STATUS LsiAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters)
{
    PLSI_EXTENSION e = DeviceExtension;
    /* VENDOR: how your controller is quiesced and brought back without a new HwFindAdapter. */
    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = Parameters;
        static const SCSI_ADAPTER_CONTROL_TYPE supported[] = { ScsiQuerySupportedControlTypes, ScsiStopAdapter, ScsiRestartAdapter };
        for (ULONG i = 0; i < ARRAYSIZE(supported); i++) {
            if ((ULONG)supported[i] < list->MaxControlType) {
                list->SupportedTypeList[supported[i]] = TRUE;
            }
        }
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        return StopAdapter(e) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;
    case ScsiRestartAdapter:
        /* Registers and uncached extension are still in place: only the IOC needs bringing up again. */
        return LsiInitialize(e) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

/* ------------------------------------------------------------------ I/O */

static VOID Complete(PLSI_EXTENSION e, PSCSI_REQUEST_BLOCK srb, UCHAR status)
{
    srb->SrbStatus = status;
    StorPortNotification(RequestComplete, e, srb);
    StorPortNotification(NextRequest, e);
}

static UCHAR SenseLengthFor(PSCSI_REQUEST_BLOCK srb)
{
    if ((srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) || srb->SenseInfoBuffer == NULL) {
        return 0;
    }
    return (UCHAR)min((ULONG)srb->SenseInfoBufferLength, (ULONG)min(MPI_SENSE_BYTES, 255));
}

static ULONG TaskAttribute(PSCSI_REQUEST_BLOCK srb)
{
    if ((srb->SrbFlags & SRB_FLAGS_QUEUE_ACTION_ENABLE) == 0) {
        return MPI_CONTROL_SIMPLE_QUEUE;
    }
    switch (srb->QueueAction) {
    case SRB_HEAD_OF_QUEUE_TAG_REQUEST: return MPI_CONTROL_HEAD_OF_QUEUE;
    case SRB_ORDERED_QUEUE_TAG_REQUEST: return MPI_CONTROL_ORDERED_QUEUE;
    default: return MPI_CONTROL_SIMPLE_QUEUE;
    }
}

/* Takes the port's scatter/gather list, split so that no element exceeds the 24-bit SGE length. */
static BOOLEAN CollectElements(PLSI_EXTENSION e, PSCSI_REQUEST_BLOCK srb, ULONG dataLength)
{
    e->ElementCount = 0;
    ULONG covered = 0;
    PSTOR_SCATTER_GATHER_LIST list = StorPortGetScatterGatherList(e, srb);
    for (ULONG i = 0; list && i < list->NumberOfElements && covered < dataLength; i++) {
        ULONG64 address = (ULONG64)list->List[i].PhysicalAddress.QuadPart;
        ULONG left = min(list->List[i].Length, dataLength - covered);
        while (left > 0) {
            if (e->ElementCount == MAXIMUM_ELEMENTS) {
                StorPortDebugPrint(0, "lsisas: the data needs more than %d scatter/gather elements.", (int)MAXIMUM_ELEMENTS);
                StorPortLogError(e, srb, srb->PathId, srb->TargetId, srb->Lun, SP_PROTOCOL_ERROR, 7);
                return FALSE;
            }
            ULONG piece = min(left, MPI_SGE_SIMPLE_MAXIMUM_LENGTH);
            e->ElementAddress[e->ElementCount] = address;
            e->ElementLength[e->ElementCount] = piece;
            e->ElementCount++;
            address += piece;
            left -= piece;
            covered += piece;
        }
    }
    if (covered != dataLength) {
        StorPortDebugPrint(0, "lsisas: the scatter/gather list covers %u of %u bytes.", covered, dataLength);
        StorPortLogError(e, srb, srb->PathId, srb->TargetId, srb->Lun, SP_PROTOCOL_ERROR, 8);
        return FALSE;
    }
    return TRUE;
}

static VOID WriteSimple(UCHAR *at, ULONG flags, ULONG length, ULONG64 address)
{
    Put32(at, flags | MPI_SGE_SIMPLE | MPI_SGE_64BIT_ADDRESS | length);
    Put64(at + 4, address);
}

static VOID WriteSimpleRun(PLSI_EXTENSION e, UCHAR *at, ULONG first, ULONG count, ULONG direction, ULONG lastFlags)
{
    for (ULONG i = 0; i < count; i++) {
        ULONG flags = direction | (i == count - 1 ? lastFlags : 0);
        WriteSimple(at + i * MPI_SGE64_SIZE, flags, e->ElementLength[first + i], e->ElementAddress[first + i]);
    }
}

/* 64-bit simple elements after the header; when they do not fit, the main frame keeps all but one slot and chains
 * the rest through chain frames in the uncached extension. */
static VOID WriteScatterGatherList(PLSI_EXTENSION e, UCHAR *frame, BOOLEAN dataOut)
{
    ULONG count = e->ElementCount;
    ULONG direction = dataOut ? MPI_SGE_HOST_TO_IOC : 0;
    const ULONG last = MPI_SGE_LAST_ELEMENT | MPI_SGE_END_OF_BUFFER | MPI_SGE_END_OF_LIST;
    if (count == 0) {
        WriteSimple(frame + MPI_SCSIIO_HEADER_SIZE, last | direction, 0, 0);
        return;
    }
    if (count <= MAIN_FRAME_ELEMENTS) {
        WriteSimpleRun(e, frame + MPI_SCSIIO_HEADER_SIZE, 0, count, direction, last);
        return;
    }
    ULONG inMain = MAIN_FRAME_ELEMENTS - 1;
    ULONG chainPosition = MPI_SCSIIO_HEADER_SIZE + inMain * MPI_SGE64_SIZE;
    WriteSimpleRun(e, frame + MPI_SCSIIO_HEADER_SIZE, 0, inMain, direction, MPI_SGE_LAST_ELEMENT);
    frame[2] = (UCHAR)(chainPosition / 4);
    UCHAR *chainSlot = frame + chainPosition;
    ULONG next = inMain;
    for (ULONG chainIndex = 0; next < count; chainIndex++) {
        ULONG remaining = count - next;
        BOOLEAN more = remaining > CHAIN_FRAME_ELEMENTS;
        ULONG here = more ? CHAIN_FRAME_ELEMENTS - 1 : remaining;
        ULONG chainOffset = CHAIN_FRAMES_OFFSET + chainIndex * FRAME_SIZE;
        ULONG segmentLength = here * MPI_SGE64_SIZE + (more ? MPI_SGE64_SIZE : 0);
        ULONG nextChain = more ? here * MPI_SGE64_SIZE / 4 : 0;
        Put32(chainSlot, MPI_SGE_CHAIN | MPI_SGE_64BIT_ADDRESS | (nextChain << MPI_SGE_CHAIN_OFFSET_SHIFT) | segmentLength);
        Put64(chainSlot + 4, Physical(e, chainOffset));
        UCHAR *chain = At(e, chainOffset);
        RtlZeroMemory(chain, FRAME_SIZE);
        WriteSimpleRun(e, chain, next, here, direction, more ? MPI_SGE_LAST_ELEMENT : last);
        chainSlot = chain + here * MPI_SGE64_SIZE;
        next += here;
    }
}

static BOOLEAN BuildScsiIoRequest(PLSI_EXTENSION e, PSCSI_REQUEST_BLOCK srb, ULONG *context)
{
    if (srb->CdbLength == 0 || srb->CdbLength > 16) {
        StorPortLogError(e, srb, srb->PathId, srb->TargetId, srb->Lun, SP_PROTOCOL_ERROR, 9);
        return FALSE;
    }
    BOOLEAN dataIn = (srb->SrbFlags & SRB_FLAGS_DATA_IN) != 0;
    BOOLEAN dataOut = (srb->SrbFlags & SRB_FLAGS_DATA_OUT) != 0;
    if (dataIn && dataOut) {
        StorPortDebugPrint(0, "lsisas: bidirectional (unspecified direction) transfers are not supported.");
        StorPortLogError(e, srb, srb->PathId, srb->TargetId, srb->Lun, SP_PROTOCOL_ERROR, 10);
        return FALSE;
    }
    ULONG dataLength = dataIn || dataOut ? srb->DataTransferLength : 0;
    if (dataLength > MAXIMUM_TRANSFER_BYTES) {
        StorPortLogError(e, srb, srb->PathId, srb->TargetId, srb->Lun, SP_PROTOCOL_ERROR, 11);
        return FALSE;
    }
    e->ElementCount = 0;
    if (dataLength > 0 && !CollectElements(e, srb, dataLength)) {
        return FALSE;
    }
    UCHAR *frame = At(e, REQUEST_FRAME_OFFSET);
    RtlZeroMemory(frame, FRAME_SIZE);
    frame[0] = srb->TargetId;
    frame[3] = MPI_FUNCTION_SCSI_IO;
    frame[4] = srb->CdbLength;
    frame[5] = SenseLengthFor(srb);
    frame[7] = MPI_MSGFLAGS_SENSE64;
    e->Sequence = (e->Sequence + 1) & 0x1FFF;
    /* Bits 31:29 stay clear so a turbo reply cannot look like an address reply; bits 28:16 tell replies apart. */
    *context = e->Sequence << 16;
    Put32(frame + 0x08, *context);
    frame[0x0D] = srb->Lun;
    ULONG control = dataIn ? MPI_CONTROL_READ : dataOut ? MPI_CONTROL_WRITE : 0;
    Put32(frame + 0x14, control | TaskAttribute(srb));
    RtlCopyMemory(frame + 0x18, srb->Cdb, srb->CdbLength);
    Put32(frame + 0x28, dataLength);
    Put32(frame + 0x2C, (ULONG)Physical(e, SENSE_BUFFER_OFFSET));
    WriteScatterGatherList(e, frame, dataOut);
    return TRUE;
}

/* Resets a faulted IOC and brings it back to OPERATIONAL. */
static BOOLEAN RecoverFromFault(PLSI_EXTENSION e, PSCSI_REQUEST_BLOCK lost)
{
    ULONG doorbell = Read(e, MPI_DOORBELL);
    StorPortDebugPrint(0, "lsisas: IOC FAULT 0x%04X; resetting the adapter.", doorbell & MPI_DOORBELL_DATA_MASK);
    StorPortLogError(e, lost, 0, 0, 0, SP_BAD_FW_ERROR, 12);
    e->Initialized = InitializeAdapter(e);
    if (e->Initialized) {
        StorPortNotification(ResetDetected, e);
    }
    return e->Initialized;
}

BOOLEAN LsiStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK srb)
{
    PLSI_EXTENSION e = DeviceExtension;
    switch (srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        break;
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_FLUSH:
        /* The IOC has no cache of its own: the disk's SYNCHRONIZE CACHE already made the data durable. */
        Complete(e, srb, SRB_STATUS_SUCCESS);
        return TRUE;
    default:
        Complete(e, srb, SRB_STATUS_INVALID_REQUEST);
        return TRUE;
    }
    if (!e->Initialized) {
        Complete(e, srb, SRB_STATUS_NO_HBA);
        return TRUE;
    }
    if (srb->PathId != 0) {
        Complete(e, srb, SRB_STATUS_INVALID_PATH_ID);
        return TRUE;
    }
    if (srb->TargetId >= MAXIMUM_TARGETS) {
        Complete(e, srb, SRB_STATUS_INVALID_TARGET_ID);
        return TRUE;
    }
    if (e->Active != NULL) {
        /* One request at a time: the port resubmits a BUSY request later. */
        Complete(e, srb, SRB_STATUS_BUSY);
        return TRUE;
    }
    if ((Read(e, MPI_DOORBELL) >> MPI_STATE_SHIFT) == MPI_STATE_FAULT && !RecoverFromFault(e, NULL)) {
        Complete(e, srb, SRB_STATUS_ERROR);
        return TRUE;
    }
    /* VENDOR: build your controller's request from the SRB (CDB, data direction, scatter/gather list) and post it. */
    ULONG context;
    if (!BuildScsiIoRequest(e, srb, &context)) {
        Complete(e, srb, SRB_STATUS_INVALID_REQUEST);
        return TRUE;
    }
    e->Active = srb;
    e->ActiveContext = context;
    Write(e, MPI_REQUEST_QUEUE, (ULONG)Physical(e, REQUEST_FRAME_OFFSET));
    return TRUE;
}

static UCHAR MapScsiStatus(PLSI_EXTENSION e, PSCSI_REQUEST_BLOCK srb, UCHAR scsiStatus, UCHAR scsiState, ULONG transferCount, ULONG senseCount)
{
    if (scsiState & (MPI_STATE_NO_SCSI_STATUS | MPI_STATE_TERMINATED)) {
        return SRB_STATUS_ERROR;
    }
    switch (scsiStatus) {
    case SCSISTAT_GOOD:
    case SCSISTAT_CONDITION_MET:
        if (transferCount < srb->DataTransferLength) {
            /* Underrun: Windows reports it as DATA_OVERRUN with the length actually moved. */
            srb->DataTransferLength = transferCount;
            return SRB_STATUS_DATA_OVERRUN;
        }
        return SRB_STATUS_SUCCESS;
    case SCSISTAT_CHECK_CONDITION:
        if ((scsiState & MPI_STATE_AUTOSENSE_VALID) && senseCount > 0 && srb->SenseInfoBuffer != NULL) {
            ULONG count = min(senseCount, (ULONG)SenseLengthFor(srb));
            if (count > 0) {
                RtlCopyMemory(srb->SenseInfoBuffer, At(e, SENSE_BUFFER_OFFSET), count);
                srb->SenseInfoBufferLength = (UCHAR)count;
                return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
            }
        }
        return SRB_STATUS_ERROR;
    case SCSISTAT_BUSY:
    case SCSISTAT_QUEUE_FULL:
        return SRB_STATUS_BUSY;
    default:
        return SRB_STATUS_ERROR;
    }
}

/* Maps an address reply (IOCStatus, SCSIStatus, SCSIState, counts, sense) to the SRB. */
static UCHAR MapScsiIoReply(PLSI_EXTENSION e, PSCSI_REQUEST_BLOCK srb, const UCHAR *reply)
{
    UCHAR scsiStatus = reply[0x0C];
    UCHAR scsiState = reply[0x0D];
    USHORT iocStatus = Get16(reply + 0x0E) & MPI_IOC_STATUS_MASK;
    ULONG transferCount = Get32(reply + 0x14);
    ULONG senseCount = Get32(reply + 0x18);
    srb->ScsiStatus = scsiStatus;
    switch (iocStatus) {
    case MPI_STATUS_SUCCESS:
    case MPI_STATUS_SCSI_RECOVERED_ERROR:
    case MPI_STATUS_SCSI_DATA_UNDERRUN:
    case MPI_STATUS_SCSI_RESIDUAL_MISMATCH:
        return MapScsiStatus(e, srb, scsiStatus, scsiState, transferCount, senseCount);
    case MPI_STATUS_SCSI_DEVICE_NOT_THERE:
        return SRB_STATUS_SELECTION_TIMEOUT;
    case MPI_STATUS_SCSI_INVALID_BUS:
        return SRB_STATUS_INVALID_PATH_ID;
    case MPI_STATUS_SCSI_INVALID_TARGETID:
        return SRB_STATUS_INVALID_TARGET_ID;
    case MPI_STATUS_BUSY:
    case MPI_STATUS_INSUFFICIENT_RESOURCES:
        return SRB_STATUS_BUSY;
    case MPI_STATUS_SCSI_DATA_OVERRUN:
        srb->DataTransferLength = min(srb->DataTransferLength, transferCount);
        return SRB_STATUS_DATA_OVERRUN;
    case MPI_STATUS_SCSI_TASK_TERMINATED:
    case MPI_STATUS_SCSI_IOC_TERMINATED:
    case MPI_STATUS_SCSI_EXT_TERMINATED:
        return SRB_STATUS_BUS_RESET;
    default:
        StorPortDebugPrint(0, "lsisas: SCSI IO failed with IOCStatus 0x%04X, log info 0x%08X.", iocStatus, Get32(reply + 0x10));
        StorPortLogError(e, srb, srb->PathId, srb->TargetId, srb->Lun, SP_INTERNAL_ADAPTER_ERROR, 13);
        return SRB_STATUS_ERROR;
    }
}

static VOID HandleReplyDescriptor(PLSI_EXTENSION e, ULONG descriptor)
{
    if ((descriptor & MPI_ADDRESS_REPLY) == 0) {
        /* Context (turbo) reply: the request succeeded with nothing left over. */
        if ((descriptor >> MPI_CONTEXT_REPLY_TYPE_SHIFT) != 0 || e->Active == NULL || descriptor != e->ActiveContext) {
            StorPortDebugPrint(0, "lsisas: unexpected context reply 0x%08X.", descriptor);
            StorPortLogError(e, NULL, 0, 0, 0, SP_PROTOCOL_ERROR, 14);
            return;
        }
        PSCSI_REQUEST_BLOCK srb = e->Active;
        e->Active = NULL;
        srb->ScsiStatus = SCSISTAT_GOOD;
        Complete(e, srb, SRB_STATUS_SUCCESS);
        return;
    }
    ULONG frameLow = (descriptor & ~MPI_ADDRESS_REPLY) << 1;
    ULONG64 address = ((ULONG64)e->HighAddress << 32) | frameLow;
    ULONG64 first = Physical(e, REPLY_FRAMES_OFFSET);
    if (address < first || address - first >= (ULONG64)e->ReplyFramesPosted * REPLY_FRAME_SIZE || (address - first) % REPLY_FRAME_SIZE != 0) {
        /* Not one of our frames: never hand it back to the IOC. */
        StorPortDebugPrint(0, "lsisas: address reply 0x%08X does not point at a reply frame.", descriptor);
        StorPortLogError(e, NULL, 0, 0, 0, SP_PROTOCOL_ERROR, 15);
        return;
    }
    const UCHAR *reply = At(e, REPLY_FRAMES_OFFSET + (ULONG)(address - first));
    ULONG context = Get32(reply + 0x08);
    if (reply[3] == MPI_FUNCTION_SCSI_IO && e->Active != NULL && context == e->ActiveContext) {
        PSCSI_REQUEST_BLOCK srb = e->Active;
        e->Active = NULL;
        UCHAR status = MapScsiIoReply(e, srb, reply);
        Write(e, MPI_REPLY_QUEUE, frameLow);
        Complete(e, srb, status);
        return;
    }
    StorPortDebugPrint(0, "lsisas: ignoring reply for function 0x%02X, context 0x%08X.", reply[3], context);
    StorPortLogError(e, NULL, 0, 0, 0, SP_PROTOCOL_ERROR, 16);
    Write(e, MPI_REPLY_QUEUE, frameLow);
}

BOOLEAN LsiInterrupt(PVOID DeviceExtension)
{
    PLSI_EXTENSION e = DeviceExtension;
    if (!e->Initialized) {
        return FALSE;
    }
    /* VENDOR: the port polls this; check your completion queue and complete finished SRBs. */
    BOOLEAN serviced = FALSE;
    if (Read(e, MPI_HOST_INTERRUPT_STATUS) & MPI_HIS_REPLY_INTERRUPT) {
        /* Drain the reply post FIFO; the empty read also clears the reply interrupt. */
        for (ULONG descriptor = Read(e, MPI_REPLY_QUEUE); descriptor != MPI_REPLY_QUEUE_EMPTY; descriptor = Read(e, MPI_REPLY_QUEUE)) {
            serviced = TRUE;
            HandleReplyDescriptor(e, descriptor);
        }
    }
    if (!serviced && e->Active != NULL && (Read(e, MPI_DOORBELL) >> MPI_STATE_SHIFT) == MPI_STATE_FAULT) {
        /* The IOC died with our request in it: reset it and give the request back as lost to a bus reset. */
        PSCSI_REQUEST_BLOCK srb = e->Active;
        e->Active = NULL;
        RecoverFromFault(e, srb);
        Complete(e, srb, SRB_STATUS_BUS_RESET);
        serviced = TRUE;
    }
    return serviced;
}
