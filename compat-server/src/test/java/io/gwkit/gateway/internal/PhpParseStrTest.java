package io.gwkit.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gwkit.php.PhpSerializer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values printed by {@code php -r 'parse_str($argv[1], $o); echo serialize($o);'} (PHP 8.2). */
class PhpParseStrTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a=1&b=%E4%B8%AD%E6%96%87&arr[]=x&arr[]=y&m[k]=v&flag&sp=a+b | a:6:{s:1:\"a\";s:1:\"1\";s:1:\"b\";s:6:\"中文\";s:3:\"arr\";a:2:{i:0;s:1:\"x\";i:1;s:1:\"y\";}s:1:\"m\";a:1:{s:1:\"k\";s:1:\"v\";}s:4:\"flag\";s:0:\"\";s:2:\"sp\";s:3:\"a b\";}",
        "sid=abc123&theme=dark&user.name=J%C3%BCrgen+X | a:3:{s:3:\"sid\";s:6:\"abc123\";s:5:\"theme\";s:4:\"dark\";s:9:\"user_name\";s:9:\"Jürgen X\";}",
        "`a.b c=1&x[=2&y[a]b=3&z[a][]=4&z[a][]=5& lead=6&=7&n[1]=a&n[]=b&s=1&s[]=2&q[x.y]=1` | a:8:{s:5:\"a_b_c\";s:1:\"1\";s:2:\"x_\";s:1:\"2\";s:1:\"y\";a:1:{s:1:\"a\";s:1:\"3\";}s:1:\"z\";a:1:{s:1:\"a\";a:2:{i:0;s:1:\"4\";i:1;s:1:\"5\";}}s:4:\"lead\";s:1:\"6\";s:1:\"n\";a:2:{i:1;s:1:\"a\";i:2;s:1:\"b\";}s:1:\"s\";a:1:{i:0;s:1:\"2\";}s:1:\"q\";a:1:{s:3:\"x.y\";s:1:\"1\";}}",
        "k[a=1 | a:1:{s:3:\"k_a\";s:1:\"1\";}",
        "a[b][c=1 | a:1:{s:1:\"a\";a:1:{s:1:\"b\";s:1:\"1\";}}",
        "a]=1&0=z&01=y | a:3:{s:2:\"a]\";s:1:\"1\";i:0;s:1:\"z\";s:2:\"01\";s:1:\"y\";}",
    })
    void matchesPhp(String query, String expected) {
        assertEquals(expected, new String(PhpSerializer.serialize(PhpParseStr.parse(query)), StandardCharsets.UTF_8));
    }
}
