namespace Tests.UnitBuilder.Support;

internal sealed record CpioEntry(
    string Name, uint Inode, uint Mode, uint Uid, uint Gid, uint Links, uint RdevMajor, uint RdevMinor, byte[] Data)
{
    public uint Type => Mode & 0xF000;
    public uint Permissions => Mode & 0xFFF;
    public string Text => System.Text.Encoding.UTF8.GetString(Data);
}
