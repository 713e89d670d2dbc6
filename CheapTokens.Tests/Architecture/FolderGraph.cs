using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CheapTokens.Tests.Architecture;

/// <summary>One type of a folder naming a type of another: the evidence for an edge between two folders.</summary>
public sealed record TypeReferenceEdge(string FromFolder, string FromType, string ToFolder, string ToType)
{
    public override string ToString() => $"{FromFolder} -> {ToFolder} ({FromType} uses {ToType})";
}

/// <summary>
/// The top folders of an assembly and which folder's types name which other folder's types, read from the compiled
/// IL: base types, interfaces, fields, properties, signatures, attributes, generic arguments and method bodies.
/// A folder is the namespace segment after the assembly's root namespace; nested and compiler-generated types count
/// for the type they sit in, and types in the root namespace (e.g. <c>Program</c>) are their own folder.
/// </summary>
public sealed class FolderGraph
{
    private readonly Dictionary<string, SortedDictionary<string, TypeReferenceEdge>> _edges = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Folders => _edges.Keys;

    public IEnumerable<TypeReferenceEdge> Edges => _edges.Values.SelectMany(targets => targets.Values);

    public IEnumerable<TypeReferenceEdge> EdgesInto(string folder) => Edges.Where(edge => edge.ToFolder == folder);

    public void Add(TypeReferenceEdge edge)
    {
        _edges.TryAdd(edge.ToFolder, new SortedDictionary<string, TypeReferenceEdge>(StringComparer.Ordinal));
        var targets = _edges.TryGetValue(edge.FromFolder, out var existing) ? existing : _edges[edge.FromFolder] = new(StringComparer.Ordinal);
        if (edge.FromFolder == edge.ToFolder) return;
        // Keep the alphabetically first evidence so the message is the same from build to build.
        if (!targets.TryGetValue(edge.ToFolder, out var kept) || string.CompareOrdinal(Key(edge), Key(kept)) < 0)
            targets[edge.ToFolder] = edge;
    }

    private static string Key(TypeReferenceEdge edge) => edge.FromType + " " + edge.ToType;

    /// <summary>One cycle of folders, each step with its evidence, or null when the folders form no cycle.</summary>
    public IReadOnlyList<TypeReferenceEdge>? FindCycle()
    {
        foreach (var component in StronglyConnectedComponents().Where(c => c.Count > 1).OrderBy(c => c.Min(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            var start = component.Min(StringComparer.Ordinal)!;
            var inside = component.ToHashSet(StringComparer.Ordinal);
            // Shortest way from start back to start inside the component: a cycle exists there by definition.
            var cameBy = new Dictionary<string, TypeReferenceEdge>(StringComparer.Ordinal);
            var queue = new Queue<string>([start]);
            while (queue.Count > 0)
            {
                var folder = queue.Dequeue();
                foreach (var edge in _edges[folder].Values.Where(e => inside.Contains(e.ToFolder)))
                {
                    if (edge.ToFolder == start)
                    {
                        var cycle = new List<TypeReferenceEdge> { edge };
                        for (var at = folder; at != start; at = cameBy[at].FromFolder) cycle.Add(cameBy[at]);
                        cycle.Reverse();
                        return cycle;
                    }
                    if (cameBy.TryAdd(edge.ToFolder, edge)) queue.Enqueue(edge.ToFolder);
                }
            }
        }
        return null;
    }

    /// <summary>Tarjan's algorithm over the folders.</summary>
    public IReadOnlyList<IReadOnlyList<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<IReadOnlyList<string>>();

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in _edges[folder].Keys)
            {
                if (!index.ContainsKey(next)) { Visit(next); low[folder] = Math.Min(low[folder], low[next]); }
                else if (onStack.Contains(next)) low[folder] = Math.Min(low[folder], index[next]);
            }
            if (low[folder] != index[folder]) return;
            var component = new List<string>();
            string member;
            do { member = stack.Pop(); onStack.Remove(member); component.Add(member); } while (member != folder);
            components.Add(component);
        }

        foreach (var folder in _edges.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(folder)) Visit(folder);
        return components;
    }

    public static FolderGraph Read(string assemblyPath, string rootNamespace)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var graph = new FolderGraph();
        var reader = new Reader(module, rootNamespace);
        foreach (var type in module.Types)
        {
            var folder = reader.FolderOf(type);
            if (folder is null) continue;
            foreach (var used in reader.ReferencesOf(type))
                if (reader.FolderOf(used) is { } usedFolder)
                    graph.Add(new TypeReferenceEdge(folder, DisplayName(type, rootNamespace), usedFolder, DisplayName(used, rootNamespace)));
        }
        return graph;
    }

    private static string DisplayName(TypeReference type, string rootNamespace)
    {
        var outer = Outermost(type);
        var name = outer.Namespace.Length == 0 ? outer.Name : outer.Namespace + "." + outer.Name;
        name = name.StartsWith(Reader.RazorInferencePrefix, StringComparison.Ordinal) ? name[Reader.RazorInferencePrefix.Length..] : name;
        return name.StartsWith(rootNamespace + ".", StringComparison.Ordinal) ? name[(rootNamespace.Length + 1)..] : name;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    private sealed class Reader(ModuleDefinition module, string rootNamespace)
    {
        /// <summary>Razor puts the generic type inference helpers of a component under this prefix.</summary>
        public const string RazorInferencePrefix = "__Blazor.";

        /// <summary>The folder a type of this module belongs to; null for other assemblies' types and the compiler's own.</summary>
        public string? FolderOf(TypeReference type)
        {
            type = Outermost(type.GetElementType());
            if (type.IsGenericParameter || !IsThisModule(type)) return null;
            var ns = type.Namespace.StartsWith(RazorInferencePrefix, StringComparison.Ordinal) ? type.Namespace[RazorInferencePrefix.Length..] : type.Namespace;
            if (ns == rootNamespace || ns.Length == 0)
                return type.Name.StartsWith('<') ? null : type.Name;
            if (!ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal)) return null;
            var rest = ns[(rootNamespace.Length + 1)..];
            var dot = rest.IndexOf('.');
            return dot < 0 ? rest : rest[..dot];
        }

        private bool IsThisModule(TypeReference type) =>
            type is TypeDefinition definition ? definition.Module == module : type.Scope == module || type.Scope is ModuleDefinition;

        public HashSet<TypeReference> ReferencesOf(TypeDefinition type)
        {
            var found = new HashSet<TypeReference>(TypeReferenceComparer.Instance);
            Collect(type, found);
            return found;
        }

        private void Collect(TypeDefinition type, HashSet<TypeReference> found)
        {
            AddType(type.BaseType, found);
            foreach (var implemented in type.Interfaces) { AddType(implemented.InterfaceType, found); AddAttributes(implemented, found); }
            AddGenericParameters(type, found);
            AddAttributes(type, found);
            foreach (var field in type.Fields) { AddType(field.FieldType, found); AddAttributes(field, found); }
            foreach (var property in type.Properties) { AddType(property.PropertyType, found); AddAttributes(property, found); }
            foreach (var @event in type.Events) { AddType(@event.EventType, found); AddAttributes(@event, found); }
            foreach (var method in type.Methods) AddMethod(method, found);
            foreach (var nested in type.NestedTypes) Collect(nested, found);
        }

        private void AddMethod(MethodDefinition method, HashSet<TypeReference> found)
        {
            AddType(method.ReturnType, found);
            AddAttributes(method, found);
            AddAttributes(method.MethodReturnType, found);
            AddGenericParameters(method, found);
            foreach (var parameter in method.Parameters) { AddType(parameter.ParameterType, found); AddAttributes(parameter, found); }
            foreach (var overridden in method.Overrides) AddMember(overridden, found);
            if (!method.HasBody) return;
            foreach (var variable in method.Body.Variables) AddType(variable.VariableType, found);
            foreach (var handler in method.Body.ExceptionHandlers) AddType(handler.CatchType, found);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operandType: AddType(operandType, found); break;
                    case MemberReference member: AddMember(member, found); break;
                    case CallSite site:
                        AddType(site.ReturnType, found);
                        foreach (var parameter in site.Parameters) AddType(parameter.ParameterType, found);
                        break;
                }
            }
        }

        private void AddMember(MemberReference member, HashSet<TypeReference> found)
        {
            AddType(member.DeclaringType, found);
            switch (member)
            {
                case MethodReference method:
                    AddType(method.ReturnType, found);
                    foreach (var parameter in method.Parameters) AddType(parameter.ParameterType, found);
                    if (method is GenericInstanceMethod generic)
                        foreach (var argument in generic.GenericArguments) AddType(argument, found);
                    break;
                case FieldReference field:
                    AddType(field.FieldType, found);
                    break;
            }
        }

        private void AddGenericParameters(IGenericParameterProvider provider, HashSet<TypeReference> found)
        {
            foreach (var parameter in provider.GenericParameters)
            {
                AddAttributes(parameter, found);
                foreach (var constraint in parameter.Constraints) AddType(constraint.ConstraintType, found);
            }
        }

        private void AddAttributes(ICustomAttributeProvider provider, HashSet<TypeReference> found)
        {
            if (!provider.HasCustomAttributes) return;
            foreach (var attribute in provider.CustomAttributes)
            {
                AddMember(attribute.Constructor, found);
                foreach (var argument in attribute.ConstructorArguments) AddArgument(argument, found);
                foreach (var named in attribute.Fields.Concat(attribute.Properties)) AddArgument(named.Argument, found);
            }
        }

        private void AddArgument(CustomAttributeArgument argument, HashSet<TypeReference> found)
        {
            AddType(argument.Type, found);
            switch (argument.Value)
            {
                case TypeReference typeOf: AddType(typeOf, found); break;
                case CustomAttributeArgument boxed: AddArgument(boxed, found); break;
                case CustomAttributeArgument[] array: foreach (var item in array) AddArgument(item, found); break;
            }
        }

        private void AddType(TypeReference? type, HashSet<TypeReference> found)
        {
            switch (type)
            {
                case null or GenericParameter: return;
                case GenericInstanceType generic:
                    AddType(generic.ElementType, found);
                    foreach (var argument in generic.GenericArguments) AddType(argument, found);
                    return;
                case FunctionPointerType pointer:
                    AddType(pointer.ReturnType, found);
                    foreach (var parameter in pointer.Parameters) AddType(parameter.ParameterType, found);
                    return;
                case TypeSpecification specification:
                    AddType(specification.ElementType, found);
                    return;
                default:
                    if (FolderOf(type) is not null) found.Add(type);
                    return;
            }
        }
    }

    private sealed class TypeReferenceComparer : IEqualityComparer<TypeReference>
    {
        public static readonly TypeReferenceComparer Instance = new();
        public bool Equals(TypeReference? x, TypeReference? y) => x?.FullName == y?.FullName;
        public int GetHashCode(TypeReference obj) => obj.FullName.GetHashCode(StringComparison.Ordinal);
    }
}
