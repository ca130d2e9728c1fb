#include "core/io/CiftiXml.h"

#include <expat.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

#include "core/base/FormatError.h"

namespace vl::core {
namespace {
// The largest surface we accept: SurfaceNumberOfVertices is not bounded by the file size (a model may list few
// vertices of a huge mesh), so it needs a limit of its own. The densest meshes in use have ~330k vertices.
constexpr std::int64_t kMaxSurfaceVertices = std::int64_t(1) << 24;

std::string_view trim(std::string_view text) {
  const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
  return text;
}

template <typename T>
std::optional<T> parseNumber(std::string_view text) {
  text = trim(text);
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

class Parser {
public:
  Parser(const std::filesystem::path& file, std::string where) : file_(file), where_(std::move(where)) {
    xml_ = XML_ParserCreate("UTF-8");
    if (!xml_) throw std::bad_alloc();
    XML_SetUserData(xml_, this);
    XML_SetElementHandler(xml_, &Parser::onStart, &Parser::onEnd);
    XML_SetCharacterDataHandler(xml_, &Parser::onText);
    XML_SetStartDoctypeDeclHandler(xml_, &Parser::onDoctype);
  }
  ~Parser() { XML_ParserFree(xml_); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  CiftiXml parse(std::string_view text) {
    if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) fail("the XML is too large");
    const auto status = XML_Parse(xml_, text.data(), static_cast<int>(text.size()), XML_TRUE);
    if (!error_.empty()) throw FormatError(file_, errorWhere_, error_);
    if (status != XML_STATUS_OK)
      throw FormatError(file_, location(), std::string("the CIFTI XML is not well formed: ") +
                                               XML_ErrorString(XML_GetErrorCode(xml_)));
    if (!sawCifti_) fail("the XML has no <CIFTI> root element");
    if (!sawMaps_)
      fail("no MatrixIndicesMap for dimension 0 (expected CIFTI_INDEX_TYPE_SCALARS or CIFTI_INDEX_TYPE_LABELS)");
    if (!sawModels_) fail("no MatrixIndicesMap of type CIFTI_INDEX_TYPE_BRAIN_MODELS for dimension 1");
    if (result_.maps.empty()) fail("the dimension-0 map lists no NamedMap");
    if (result_.brainModels.empty()) fail("the brain-models map lists no BrainModel");
    return std::move(result_);
  }

private:
  enum class Section { None, Maps, Models, Other };

  std::string location() const {
    return where_ + " (CIFTI XML line " + std::to_string(XML_GetCurrentLineNumber(xml_)) + ")";
  }
  [[noreturn]] void fail(const std::string& problem) const { throw FormatError(file_, location(), problem); }
  // Inside a handler: remember the first problem and stop expat; parse() throws it once XML_Parse returns.
  void stop(const std::string& problem) {
    if (error_.empty()) {
      error_ = problem;
      errorWhere_ = location();
    }
    XML_StopParser(xml_, XML_FALSE);
  }

  static void XMLCALL onDoctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<Parser*>(self)->stop("the CIFTI XML has a DOCTYPE declaration (not allowed: CIFTI-2 uses none)");
  }
  static void XMLCALL onStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    auto* p = static_cast<Parser*>(self);
    if (p->error_.empty()) p->start(name, attributes);
  }
  static void XMLCALL onEnd(void* self, const XML_Char* name) {
    auto* p = static_cast<Parser*>(self);
    if (p->error_.empty()) p->end(name);
  }
  static void XMLCALL onText(void* self, const XML_Char* text, int length) {
    auto* p = static_cast<Parser*>(self);
    if (p->collecting_) p->text_.append(text, static_cast<std::size_t>(length));
  }

  static const char* attribute(const XML_Char** attributes, const char* name) {
    for (int i = 0; attributes[i]; i += 2)
      if (std::string_view(attributes[i]) == name) return attributes[i + 1];
    return nullptr;
  }
  const char* required(const XML_Char** attributes, const char* element, const char* name) {
    const char* value = attribute(attributes, name);
    if (!value) stop(std::string("<") + element + "> lacks the attribute " + name);
    return value;
  }
  template <typename T>
  std::optional<T> number(const XML_Char** attributes, const char* element, const char* name) {
    const char* text = required(attributes, element, name);
    if (!text) return std::nullopt;
    auto value = parseNumber<T>(text);
    if (!value) stop(std::string("<") + element + "> attribute " + name + "=\"" + text + "\" is not a number");
    return value;
  }

  bool parentIs(const char* name) const { return !stack_.empty() && stack_.back() == name; }
  bool requireParent(const std::string& element, const char* parent) {
    if (parentIs(parent)) return true;
    stop("<" + element + "> must be inside <" + parent + ">");
    return false;
  }

  void start(const std::string& name, const XML_Char** attributes) {
    if (stack_.empty() && name != "CIFTI") return stop("the root element is <" + name + ">, expected <CIFTI>");
    if (name == "CIFTI") {
      if (!stack_.empty()) return stop("nested <CIFTI> element");
      sawCifti_ = true;
      const char* version = required(attributes, "CIFTI", "Version");
      if (!version) return;
      const std::string_view v(version);
      if (v != "2" && !v.starts_with("2."))
        return stop("CIFTI version " + std::string(v) + " is not supported (expected CIFTI-2, Version=\"2\")");
    } else if (name == "Matrix") {
      if (!requireParent(name, "CIFTI")) return;
    } else if (name == "MatrixIndicesMap") {
      if (!requireParent(name, "Matrix")) return;
      startIndicesMap(attributes);
    } else if (name == "NamedMap") {
      if (!requireParent(name, "MatrixIndicesMap")) return;
      if (section_ != Section::Maps) return stop("<NamedMap> outside the dimension-0 map");
      result_.maps.emplace_back();
    } else if (name == "MapName") {
      if (!requireParent(name, "NamedMap")) return;
      collect();
    } else if (name == "LabelTable") {
      if (!requireParent(name, "NamedMap")) return;
      if (result_.mapKind != CiftiXml::MapKind::Labels) return stop("<LabelTable> in a map that is not of labels");
      hasLabelTable_ = true;
    } else if (name == "Label") {
      if (!requireParent(name, "LabelTable")) return;
      startLabel(attributes);
      collect();
    } else if (name == "BrainModel") {
      if (!requireParent(name, "MatrixIndicesMap")) return;
      if (section_ != Section::Models) return stop("<BrainModel> outside the CIFTI_INDEX_TYPE_BRAIN_MODELS map");
      startBrainModel(attributes);
    } else if (name == "VertexIndices") {
      if (!requireParent(name, "BrainModel")) return;
      if (!result_.brainModels.back().surface) return stop("<VertexIndices> in a voxel brain model");
      sawVertexIndices_ = true;
      collect();
    }
    // Anything else (MetaData, MD, Volume, VoxelIndicesIJK, ...) is legal CIFTI we do not need.
    stack_.push_back(name);
  }

  void end(const std::string& name) {
    if (!stack_.empty()) stack_.pop_back();
    if (name == "MapName") {
      result_.maps.back().name = std::string(trim(text_));
    } else if (name == "Label") {
      pendingLabel_.name = std::string(trim(text_));
      result_.maps.back().labels.push_back(std::move(pendingLabel_));
    } else if (name == "NamedMap") {
      if (result_.mapKind == CiftiXml::MapKind::Labels && !hasLabelTable_)
        return stop("NamedMap '" + result_.maps.back().name + "' of a label file has no <LabelTable>");
      hasLabelTable_ = false;
    } else if (name == "VertexIndices") {
      endVertexIndices();
    } else if (name == "BrainModel") {
      const auto& model = result_.brainModels.back();
      if (model.surface && !sawVertexIndices_)
        return stop("surface BrainModel " + model.structure + " has no <VertexIndices>");
      sawVertexIndices_ = false;
    } else if (name == "MatrixIndicesMap") {
      section_ = Section::None;
    }
    collecting_ = false;
  }

  void collect() {
    collecting_ = true;
    text_.clear();
  }

  void startIndicesMap(const XML_Char** attributes) {
    const char* applies = required(attributes, "MatrixIndicesMap", "AppliesToMatrixDimension");
    const char* type = required(attributes, "MatrixIndicesMap", "IndicesMapToDataType");
    if (!applies || !type) return;
    const std::string_view kind(type);
    bool zero = false, one = false;
    std::string_view list(applies);
    while (!list.empty()) {
      const auto comma = list.find(',');
      const auto dimension = parseNumber<int>(list.substr(0, comma));
      if (!dimension || (*dimension != 0 && *dimension != 1))
        return stop("AppliesToMatrixDimension=\"" + std::string(applies) +
                    "\": only two-dimensional CIFTI matrices (dimensions 0 and 1) are supported");
      (*dimension == 0 ? zero : one) = true;
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    if (zero && one) return stop("a map applying to both dimensions (" + std::string(kind) +
                                 ") means a dense connectome; only dscalar and dlabel files are supported");
    if (zero) {
      if (sawMaps_) return stop("two MatrixIndicesMaps for dimension 0");
      sawMaps_ = true;
      if (kind == "CIFTI_INDEX_TYPE_SCALARS") result_.mapKind = CiftiXml::MapKind::Scalars;
      else if (kind == "CIFTI_INDEX_TYPE_LABELS") result_.mapKind = CiftiXml::MapKind::Labels;
      else
        return stop("dimension 0 is " + std::string(kind) +
                    "; only dense scalar (CIFTI_INDEX_TYPE_SCALARS, .dscalar.nii) and dense label "
                    "(CIFTI_INDEX_TYPE_LABELS, .dlabel.nii) files are supported");
      section_ = Section::Maps;
    } else if (one) {
      if (sawModels_) return stop("two MatrixIndicesMaps for dimension 1");
      sawModels_ = true;
      if (kind != "CIFTI_INDEX_TYPE_BRAIN_MODELS")
        return stop("dimension 1 is " + std::string(kind) + ", expected CIFTI_INDEX_TYPE_BRAIN_MODELS");
      section_ = Section::Models;
    } else {
      return stop("AppliesToMatrixDimension is empty");
    }
  }

  void startLabel(const XML_Char** attributes) {
    pendingLabel_ = Label{};
    const auto key = number<std::int32_t>(attributes, "Label", "Key");
    if (!key) return;
    pendingLabel_.key = *key;
    const char* channels[4] = {"Red", "Green", "Blue", "Alpha"};
    for (std::size_t c = 0; c < 4; ++c) {
      const auto value = number<float>(attributes, "Label", channels[c]);
      if (!value) return;
      if (!(*value >= 0.0f && *value <= 1.0f))
        return stop("Label key " + std::to_string(*key) + ": " + channels[c] + " is outside 0..1");
      pendingLabel_.rgba[c] = *value;
    }
  }

  void startBrainModel(const XML_Char** attributes) {
    CiftiBrainModel model;
    const auto offset = number<std::int64_t>(attributes, "BrainModel", "IndexOffset");
    const auto count = number<std::int64_t>(attributes, "BrainModel", "IndexCount");
    const char* type = required(attributes, "BrainModel", "ModelType");
    const char* structure = required(attributes, "BrainModel", "BrainStructure");
    if (!offset || !count || !type || !structure) return;
    if (*offset < 0 || *count < 1) return stop("BrainModel " + std::string(structure) + " has IndexOffset " +
                                               std::to_string(*offset) + " and IndexCount " + std::to_string(*count));
    model.indexOffset = *offset;
    model.indexCount = *count;
    model.structure = structure;
    const std::string_view t(type);
    if (t == "CIFTI_MODEL_TYPE_SURFACE") {
      model.surface = true;
      const auto vertices = number<std::int64_t>(attributes, "BrainModel", "SurfaceNumberOfVertices");
      if (!vertices) return;
      if (*vertices < *count || *vertices > kMaxSurfaceVertices)
        return stop("BrainModel " + model.structure + " has SurfaceNumberOfVertices " + std::to_string(*vertices) +
                    " (expected at least IndexCount " + std::to_string(*count) + " and at most " +
                    std::to_string(kMaxSurfaceVertices) + ")");
      model.surfaceVertices = *vertices;
    } else if (t != "CIFTI_MODEL_TYPE_VOXELS") {
      return stop("BrainModel ModelType \"" + std::string(t) + "\" (expected CIFTI_MODEL_TYPE_SURFACE or _VOXELS)");
    }
    result_.brainModels.push_back(std::move(model));
  }

  void endVertexIndices() {
    auto& model = result_.brainModels.back();
    model.vertexIndices.reserve(static_cast<std::size_t>(model.indexCount));
    std::vector<bool> seen(static_cast<std::size_t>(model.surfaceVertices), false);
    std::string_view rest(text_);
    while (true) {
      rest = trim(rest);
      if (rest.empty()) break;
      auto gap = rest.find_first_of(" \t\r\n");
      const auto token = rest.substr(0, gap);
      const auto vertex = parseNumber<std::int64_t>(token);
      if (!vertex) return stop("VertexIndices of " + model.structure + ": \"" + std::string(token) +
                               "\" is not a vertex number");
      if (*vertex < 0 || *vertex >= model.surfaceVertices)
        return stop("VertexIndices of " + model.structure + ": vertex " + std::to_string(*vertex) +
                    " is outside the surface's " + std::to_string(model.surfaceVertices) + " vertices");
      if (seen[static_cast<std::size_t>(*vertex)])
        return stop("VertexIndices of " + model.structure + ": vertex " + std::to_string(*vertex) + " appears twice");
      seen[static_cast<std::size_t>(*vertex)] = true;
      if (static_cast<std::int64_t>(model.vertexIndices.size()) == model.indexCount)
        return stop("VertexIndices of " + model.structure + " lists more than IndexCount " +
                    std::to_string(model.indexCount) + " vertices");
      model.vertexIndices.push_back(*vertex);
      if (gap == std::string_view::npos) break;
      rest = rest.substr(gap);
    }
    if (static_cast<std::int64_t>(model.vertexIndices.size()) != model.indexCount)
      return stop("VertexIndices of " + model.structure + " lists " + std::to_string(model.vertexIndices.size()) +
                  " vertices but IndexCount is " + std::to_string(model.indexCount));
  }

  const std::filesystem::path& file_;
  std::string where_;
  XML_Parser xml_ = nullptr;
  std::string error_, errorWhere_;
  CiftiXml result_;
  std::vector<std::string> stack_;
  Section section_ = Section::None;
  bool sawCifti_ = false, sawMaps_ = false, sawModels_ = false;
  bool hasLabelTable_ = false, sawVertexIndices_ = false;
  bool collecting_ = false;
  std::string text_;
  Label pendingLabel_;
};
}  // namespace

CiftiXml parseCiftiXml(std::string_view xml, const std::filesystem::path& file, const std::string& where) {
  return Parser(file, where).parse(xml);
}

}  // namespace vl::core
