//! Reads a QR code drawn as noticeboard's inline SVG back into its text,
//! with an independent decoder (rqrr): shared by the unit tests of
//! src/calendar/qr.rs and the integration tests, which read the codes on
//! built pages.

/// Draws the SVG's path (`M{x} {y}.5` starts a row, `h{n}` draws n
/// modules, `m{dx} 0` skips light ones) into a bitmap, 4 pixels a
/// module, and reads it with an independent QR decoder.
pub fn decode_svg(svg: &str) -> String {
    const SCALE: usize = 4;
    let view = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
    let size: usize = view.split(' ').next().unwrap().parse().unwrap();
    let side = size * SCALE;
    let mut dark = vec![false; side * side];
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let (mut x, mut y) = (0usize, 0usize);
    let mut rest = path;
    while let Some(op) = rest.chars().next() {
        let end = rest[1..]
            .find(['M', 'm', 'h'])
            .map_or(rest.len(), |i| i + 1);
        let args: Vec<&str> = rest[1..end].split(' ').collect();
        match op {
            'M' => {
                x = args[0].parse().unwrap();
                y = args[1].trim_end_matches(".5").parse().unwrap();
            }
            'm' => x += args[0].parse::<usize>().unwrap(),
            'h' => {
                let n: usize = args[0].parse().unwrap();
                for col in x * SCALE..(x + n) * SCALE {
                    for row in y * SCALE..(y + 1) * SCALE {
                        dark[row * side + col] = true;
                    }
                }
                x += n;
            }
            other => panic!("unexpected path command {other}"),
        }
        rest = &rest[end..];
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
        if dark[y * side + x] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the SVG");
    grids[0].decode().expect("the QR code decodes").1
}
