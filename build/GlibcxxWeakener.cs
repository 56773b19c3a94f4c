// One standalone source file, compiled twice:
//  - by MSBuild (RoslynCodeTaskFactory, Code Type="Class" Source=this file) as the task WeakenGlibcxxRequirement
//    that patches the copies of libLibTorchSharp.so in a build or publish output;
//  - by the kernel (with NO_MSBUILD_TASK defined) to patch its own cached copy of natives restored from a cell.
//
// Why: TorchSharp-cpu 0.107.0's libLibTorchSharp.so declares a need for GLIBCXX_3.4.32 (GCC 13) only for the
// symbol std::ios_base_library_init, a version marker that nothing calls. Older libstdc++ (Debian 12,
// Ubuntu 22.04: up to 3.4.30) makes the dynamic loader refuse the library. Marking that one requirement weak
// (VER_FLG_WEAK in its Vernaux entry of .gnu.version_r) lets the loader accept it; all real symbols still bind.
// Targets netstandard2.0 so MSBuild can compile it; no dependencies beyond the base library.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LossNotebooks.Build
{
    /// <summary>Marks a GLIBCXX version requirement of an ELF shared object as weak when the host lacks it.</summary>
    public static class GlibcxxWeakener
    {
        /// <summary>The version TorchSharp 0.107.0 asks for and older hosts lack.</summary>
        public const string RequiredVersion = "GLIBCXX_3.4.32";

        const ushort VerFlagWeak = 0x2;
        const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>Where libstdc++.so.6 is looked for on Linux hosts.</summary>
        static readonly string[] LibStdCxxDirectories =
        {
            "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
        };

        /// <summary>
        /// True when this is a Linux host whose libstdc++ does not define <paramref name="version"/>
        /// (no libstdc++ found counts as lacking it). Always false on Windows and macOS.
        /// </summary>
        public static bool HostLacksVersion(string version = RequiredVersion)
        {
            if (Path.DirectorySeparatorChar == '\\' || Directory.Exists("/System/Library")) return false;
            var needle = Encoding.ASCII.GetBytes(version + "\0");
            foreach (var dir in CandidateDirectories())
            {
                var path = Path.Combine(dir, "libstdc++.so.6");
                if (!File.Exists(path)) continue;
                return IndexOf(File.ReadAllBytes(path), needle) < 0;
            }
            return true;
        }

        static IEnumerable<string> CandidateDirectories()
        {
            var fromEnv = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(fromEnv))
                foreach (var dir in fromEnv.Split(':'))
                    if (dir.Length > 0) yield return dir;
            foreach (var dir in LibStdCxxDirectories) yield return dir;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on the requirement named <paramref name="version"/> in the ELF file at
        /// <paramref name="path"/>. Idempotent; keeps the file's timestamps (so incremental builds do not copy the
        /// original back); breaks a hard link first by writing a fresh file, so a shared copy (the NuGet cache)
        /// is never modified. Returns true when the file was changed.
        /// </summary>
        public static bool WeakenRequirement(string path, string version = RequiredVersion)
        {
            var bytes = File.ReadAllBytes(path);
            var offsets = FindRequirementFlagOffsets(bytes, version);
            var changed = false;
            foreach (var offset in offsets)
            {
                var flags = ReadUInt16(bytes, offset);
                if ((flags & VerFlagWeak) != 0) continue;
                WriteUInt16(bytes, offset, (ushort)(flags | VerFlagWeak));
                changed = true;
            }
            if (!changed) return false;

            var lastWrite = File.GetLastWriteTimeUtc(path);
            var temp = path + ".weakening.tmp";
            File.WriteAllBytes(temp, bytes);
            File.SetLastWriteTimeUtc(temp, lastWrite);
            File.Delete(path); // unlinks this name only: other hard links keep the original bytes
            File.Move(temp, path);
            File.SetLastWriteTimeUtc(path, lastWrite);
            return true;
        }

        /// <summary>True when every requirement named <paramref name="version"/> in the file is already weak.</summary>
        public static bool IsWeak(string path, string version = RequiredVersion)
        {
            var bytes = File.ReadAllBytes(path);
            foreach (var offset in FindRequirementFlagOffsets(bytes, version))
                if ((ReadUInt16(bytes, offset) & VerFlagWeak) == 0) return false;
            return true;
        }

        /// <summary>Byte offsets of the vna_flags fields whose vna_name is <paramref name="version"/>.</summary>
        public static List<int> FindRequirementFlagOffsets(byte[] elf, string version)
        {
            var result = new List<int>();
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");

            var sectionHeaderOffset = checked((int)ReadUInt64(elf, 0x28));
            int sectionHeaderSize = ReadUInt16(elf, 0x3A);
            int sectionCount = ReadUInt16(elf, 0x3C);
            for (var i = 0; i < sectionCount; i++)
            {
                var header = sectionHeaderOffset + i * sectionHeaderSize;
                if (ReadUInt32(elf, header + 4) != ShtGnuVerneed) continue;
                var sectionOffset = checked((int)ReadUInt64(elf, header + 0x18));
                var linkedStrings = (int)ReadUInt32(elf, header + 0x28);
                var stringsHeader = sectionHeaderOffset + linkedStrings * sectionHeaderSize;
                var stringsOffset = checked((int)ReadUInt64(elf, stringsHeader + 0x18));
                CollectRequirements(elf, sectionOffset, stringsOffset, version, result);
            }
            return result;
        }

        static void CollectRequirements(byte[] elf, int verneed, int strings, string version, List<int> result)
        {
            while (true)
            {
                int count = ReadUInt16(elf, verneed + 2);
                var aux = verneed + (int)ReadUInt32(elf, verneed + 8);
                for (var j = 0; j < count; j++)
                {
                    var name = ReadCString(elf, strings + (int)ReadUInt32(elf, aux + 8));
                    if (name == version) result.Add(aux + 4);
                    var nextAux = (int)ReadUInt32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                var next = (int)ReadUInt32(elf, verneed + 12);
                if (next == 0) return;
                verneed += next;
            }
        }

        static string ReadCString(byte[] bytes, int offset)
        {
            var end = offset;
            while (end < bytes.Length && bytes[end] != 0) end++;
            return Encoding.ASCII.GetString(bytes, offset, end - offset);
        }

        static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack[i] != needle[0]) continue;
                var j = 1;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        static ushort ReadUInt16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint ReadUInt32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        static ulong ReadUInt64(byte[] b, int o) => ReadUInt32(b, o) | (ulong)ReadUInt32(b, o + 4) << 32;
        static void WriteUInt16(byte[] b, int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }
    }

#if !NO_MSBUILD_TASK
    /// <summary>
    /// MSBuild task: weakens the GLIBCXX_3.4.32 requirement of every libLibTorchSharp.so under
    /// <see cref="Directory"/> when the host's libstdc++ lacks that version; a no-op elsewhere.
    /// </summary>
    public class WeakenGlibcxxRequirement : Microsoft.Build.Utilities.Task
    {
        /// <summary>The output folder to search (recursively) for libLibTorchSharp.so.</summary>
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        /// <inheritdoc />
        public override bool Execute()
        {
            if (!System.IO.Directory.Exists(Directory)) return true;
            var files = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
            if (files.Length == 0 || !GlibcxxWeakener.HostLacksVersion()) return true;
            foreach (var file in files)
            {
                try
                {
                    if (GlibcxxWeakener.WeakenRequirement(file))
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            $"Weakened the {GlibcxxWeakener.RequiredVersion} requirement of {file} (host libstdc++ lacks it).");
                }
                catch (Exception e)
                {
                    Log.LogError($"Could not weaken {GlibcxxWeakener.RequiredVersion} in {file}: {e.Message}");
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
