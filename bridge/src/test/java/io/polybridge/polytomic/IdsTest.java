package io.polybridge.polytomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "../etc/passwd",
                "248df4b7-aa70-47b8-a036-33ac447e668d/../x",
                "248df4b7-aa70-47b8-a036-33ac447e668d%2F",
                "248df4b7%2Daa70-47b8-a036-33ac447e668d",
                "248df4b7-aa70-47b8-a036-33ac447e668d\r\n",
                "1-1-1-1-1",
                "248df4b7aa7047b8a03633ac447e668d",
                "248df4b7-aa70-47b8-a036-33ac447e668g",
                "248df4b7-aa70-47b8-a036-33ac447e668",
                "248df4b7-aa70-47b8-a036-33ac447e668dd",
                "248df4b7-aa70-47b8-a03633ac447e668d-",
                "248df4b7-aa70-47b8-a036-33ac447e668\u0000",
                "248df4b7-aa70-47b8-a036-33ac447e66８d",
                "248df4b7_aa70-47b8-a036-33ac447e668d"
            })
    void rejectsAnythingButCanonicalUuidText(String id) {
        assertThat(Ids.isUuid(id)).isFalse();
        assertThat(Ids.isLowerCaseUuid(id)).isFalse();
        assertThatThrownBy(() -> Ids.require("sync ID", id)).isInstanceOf(InvalidIdException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"248df4b7-aa70-47b8-a036-33ac447e668d", "248DF4B7-AA70-47B8-A036-33AC447E668D"})
    void acceptsAndLowerCasesUuids(String id) {
        assertThat(Ids.require("sync ID", id)).isEqualTo("248df4b7-aa70-47b8-a036-33ac447e668d");
    }

    @Test
    void lowerCaseUuidsAreUuidsAsUuidToStringWritesThem() {
        assertThat(Ids.isLowerCaseUuid("248df4b7-aa70-47b8-a036-33ac447e668d")).isTrue();
        assertThat(Ids.isLowerCaseUuid("248DF4B7-AA70-47B8-A036-33AC447E668D")).isFalse();
        assertThat(Ids.isLowerCaseUuid("248df4b7-aa70-47b8-a036-33ac447e668D")).isFalse();
        assertThat(Ids.isLowerCaseUuid(null)).isFalse();
    }
}
