/**
 * @module The text `synthesize` draws its messages from: about 20 KB written for turnbench (no
 * part copied from anywhere), mostly English prose on many subjects, with code, lists, numbers,
 * and some Spanish, French, German, Portuguese, Korean, Chinese and Japanese, so that tokenized
 * messages look like the chat traffic a server sees rather than repeated filler.
 */

/** The corpus, paragraphs separated by blank lines. */
export const CORPUS =
  `The first thing to know about a serving cluster is that it spends most of its life waiting. Requests arrive in bursts, a few users type at once, and then nothing happens for a while. A good benchmark has to reproduce that rhythm, not just a constant stream of identical prompts, because the interesting failures appear when a quiet system is suddenly asked to do a lot.

When a conversation comes back for its second turn, the server has a choice. It can compute the whole history again, token by token, or it can reuse the attention keys and values it kept from the first turn. Reuse is much cheaper, but it only works if the memory was not handed to someone else in the meantime. That is why the hit rate of a prefix cache depends so strongly on how many conversations are open at the same time.

Latency has two parts that users feel differently. The time to the first token decides whether the interface seems alive; the pace of the following tokens decides whether reading keeps up with writing. A system that starts quickly but stutters later is often judged worse than one that thinks for a moment and then streams smoothly, even when the total time is the same.

Operators usually learn about a regression from a chart, long after the change that caused it. Somebody raised the batch size, or a library update changed how memory is allocated, and the tail of the latency distribution moved by forty percent. Keeping a baseline from last week and comparing against it every night turns that surprise into a failing job with a clear message.

Bread needs only flour, water, salt and time, yet every baker argues about the proportions. A wetter dough gives an open crumb with large irregular holes; a drier one is easier to shape and bakes into a tighter loaf. The long, cool rise matters more than any single ingredient, because the yeast and bacteria need hours to develop the flavour.

Start the evening before. Mix five hundred grams of flour with three hundred and fifty grams of lukewarm water and let it rest for half an hour. Add ten grams of salt and a spoonful of starter, fold the dough over itself every thirty minutes for two hours, then cover the bowl and put it in the refrigerator overnight.

In the morning the dough should have grown by about half and show bubbles along the sides of the bowl. Turn it onto a floured counter, shape it gently into a round, and let it rise again in a basket lined with a cloth. Heat the oven with a heavy pot inside, because the trapped steam is what gives the crust its shine and crackle.

The moon is the easiest object in the night sky and still one of the most rewarding. Through a small telescope the line between day and night, the terminator, shows mountains casting long shadows and craters whose rims catch the light before their floors. A full moon is actually the worst time to look, since the light falls straight down and flattens every feature.

Jupiter is bright enough to find without a chart. Even binoculars held steady against a fence post will show up to four of its largest moons as tiny points in a line, and their positions change from one night to the next. Galileo drew those same points in his notebook and concluded that not everything in the sky circles the Earth.

Saturn rewards patience. At first the planet looks like a small oval, but once the eye adapts and the air steadies for a second, the rings separate from the globe and a dark gap appears between them. Many people remember the first time they saw it better than any photograph they have seen since.

The bicycle took almost a century to reach its modern form. Early machines had no pedals at all; riders pushed themselves along with their feet. Then came enormous front wheels, chosen because each turn of the pedals moved the rider farther, and finally the chain drive, which let both wheels be the same safe size.

Cheap bicycles changed more than transport. Young people could visit the next village without a horse, doctors could reach patients faster, and the demand for smooth roads grew strong enough that cities began to pave their streets. Some historians also credit the bicycle with changing fashion, since long heavy skirts were impractical on a saddle.

Printing with movable type looks simple in hindsight: carve letters once, arrange them into lines, ink them and press paper against them. The difficult part was everything around that idea, from an alloy that cast cleanly and did not wear out, to an ink that stuck to metal, to a press strong enough to print evenly across a whole page.

A vegetable garden starts with the soil, not the seeds. Dig a handful and squeeze it: if water runs out, the bed needs better drainage; if it crumbles like dust, it needs compost. Most plants prefer something in between, dark and loose, that holds together briefly and then breaks apart when you poke it.

Tomatoes want sun, warmth and steady water. Irregular watering is the usual cause of split fruit and dark patches at the bottom, which gardeners often blame on disease. A layer of straw around the stems keeps the soil from drying out between visits and stops soil from splashing onto the leaves when it rains.

Beans are generous. They grow quickly, climb whatever you give them, and leave the soil richer than they found it, thanks to the bacteria living in small nodules on their roots. Pick them often, even when you have more than you can eat, because a plant that is allowed to ripen its pods will soon stop flowering.

The keeper of the northern light had not spoken to anyone for eleven days when the supply boat finally appeared. He watched it from the gallery for an hour before he could be sure, a grey shape that rose and vanished with the swell. By the time it reached the landing, he had rehearsed several greetings and forgotten all of them.

The boatman handed up a crate of tins, a sack of potatoes, two cans of paraffin and a bundle of letters tied with string. One of them was from his sister, who wrote every month whether or not he answered. She described the new school in town, the price of coal, and a neighbour who had bought a motorcar and driven it into the harbour.

That night the wind turned and the rain came sideways against the glass. He wound the clockwork that turned the lens, trimmed the wick, and sat with the letter under the lamp, reading it three times. Somewhere beyond the rocks a ship was passing, and he liked to think that someone on its bridge was glad of the light.

Dear Ana, the train from the coast climbs for four hours through valleys so narrow that the river and the tracks take turns crossing each other. I counted eleven tunnels before I gave up. At every station an old woman sold roasted chestnuts from a tin drum, and I bought a bag each time, so I arrived with burnt fingers and no appetite.

The town is built on a ridge, with one long street and a square at each end. In the evening everybody walks from one square to the other and back again, slowly, stopping to talk, and nobody seems to be going anywhere in particular. I joined them on the second night and was greeted by three people who had apparently decided I was a cousin of the baker.

Tomorrow I will try to find the monastery that the guidebook describes as a pleasant walk of two hours. The baker laughed when I told him and drew a map on a paper bag that shows a path going straight up the side of the mountain. I have packed water, bread, and the rest of the chestnuts, and I will write again if I survive.

Here is a small Python function that counts how often each word appears in a text file:

def word_counts(path):
    counts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            for word in line.lower().split():
                word = word.strip(".,;:!?\\"'()")
                if word:
                    counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])

It reads the file one line at a time, so memory stays small even for large inputs, and it strips punctuation from both ends of each word before counting it. Sorting by the negative count puts the most frequent words first.

The same idea in TypeScript, reading from a string instead of a file:

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const raw of text.toLowerCase().split(/\\s+/)) {
    const word = raw.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
    if (word !== "") counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

A shell session that finds the ten largest files under the current folder:

$ find . -type f -printf "%s %p\\n" | sort -rn | head -n 10
48213904 ./data/archive-2023.tar
9120345 ./build/app.wasm
2210112 ./docs/manual.pdf

A configuration block, as many services expect it:

{
  "listen": "127.0.0.1:8080",
  "workers": 4,
  "timeout_ms": 30000,
  "cache": { "enabled": true, "max_entries": 10000 }
}

| city | population | founded |
| --- | --- | --- |
| Lisbon | 545000 | 1200 BC |
| Krakow | 800000 | 965 |
| Kyoto | 1460000 | 794 |

Question: why does my program run fast the first time and slowly afterwards? Answer: usually it is the opposite of what people expect. The first run pays for loading libraries and warming caches, so if later runs are slower, look for something that grows between runs, such as a log file that is read completely on every start or a table that is never cleaned.

Question: how many threads should a web server use? Answer: enough to keep the processor busy while some of them wait for the disk or the network, and no more. For work that mostly computes, one thread per core is a good start; for work that mostly waits, measure, because the right number can be ten or a hundred times larger.

Question: is it safe to delete the files in the temporary folder? Answer: files that are not in use, yes, and most systems clear that folder at every restart anyway. A program that is still running may lose its work if you remove a file it has open, so close your applications first or simply restart.

Question: what is the difference between a list and a tuple in Python? Answer: a list can change after it is created and a tuple cannot. That makes tuples usable as dictionary keys and slightly cheaper to build, while lists are the natural choice for collections that grow, shrink or get sorted in place.

La primera vez que visité Sevilla llegué en pleno agosto, a las tres de la tarde, y la ciudad parecía abandonada. Las persianas estaban bajadas, las calles vacías y solo se oía el zumbido de algún aire acondicionado. Aprendí enseguida que la vida empieza de verdad cuando se pone el sol y que cenar antes de las diez es casi una ofensa.

Para preparar un buen gazpacho hacen falta tomates muy maduros, un pimiento verde, un pepino, un diente de ajo, aceite de oliva, vinagre y sal. Se tritura todo con un poco de pan del día anterior, se cuela si se quiere una textura fina y se deja en la nevera al menos dos horas. Se sirve muy frío, a veces con trocitos de verdura por encima.

Le marché du samedi commence avant l'aube. Les maraîchers installent leurs étals à la lumière des lampes frontales, empilent les cageots de poireaux et de pommes, et se racontent les nouvelles de la semaine. Vers huit heures, les premiers clients arrivent avec leurs paniers et la place devient si bruyante qu'on doit presque crier pour commander.

Pour réussir une omelette, il faut une poêle bien chaude, du beurre qui mousse sans brûler et des œufs battus juste assez pour mélanger le blanc et le jaune. On remue vivement au début, puis on laisse prendre le fond quelques secondes avant de plier l'omelette en trois. Elle doit rester baveuse au centre.

Im Winter fährt der letzte Bus um halb sieben ins Tal, und wer ihn verpasst, muss entweder laufen oder im Gasthof übernachten. Die meisten Wanderer wissen das und stehen schon um sechs an der Haltestelle, mit nassen Stiefeln und roten Gesichtern. Der Fahrer kennt viele von ihnen und wartet manchmal zwei Minuten länger, wenn er oben am Hang noch eine Stirnlampe sieht.

Ein guter Kaffee braucht frisch gemahlene Bohnen, Wasser, das nicht mehr kocht, und etwas Geduld. Wer das Pulver zu fein mahlt, bekommt ein bitteres Getränk, wer es zu grob mahlt, einen dünnen. Am besten probiert man eine Woche lang jeden Morgen eine etwas andere Einstellung und schreibt auf, was am besten geschmeckt hat.

Na pequena aldeia onde cresci, toda a gente sabia quando alguém tinha recebido uma carta, porque o carteiro contava a novidade antes de entregar o envelope. As tardes passavam devagar, à sombra da figueira da praça, e as crianças só voltavam para casa quando a mãe chamava pela terceira vez.

서울의 지하철은 처음 타는 사람에게도 어렵지 않다. 역마다 안내 방송이 한국어와 영어로 나오고, 노선마다 색깔이 달라서 지도를 보면 금방 길을 찾을 수 있다. 출근 시간에는 사람이 아주 많지만 열차가 자주 오기 때문에 오래 기다릴 필요는 없다.

김치찌개를 끓일 때는 잘 익은 김치가 가장 중요하다. 돼지고기를 먼저 볶다가 김치를 넣고, 물을 부어 한참 끓인 다음 두부와 파를 넣으면 된다. 밥 한 공기와 함께 먹으면 추운 겨울 저녁에 몸이 금방 따뜻해진다.

我第一次学做饺子是在一个下雪的晚上。外婆把面粉和水揉成光滑的面团，让它醒半个小时，然后教我怎么把面团搓成长条，切成小块，再擀成薄薄的圆皮。馅是猪肉和白菜，加一点姜、葱和酱油。我包的饺子歪歪扭扭，可是外婆说，只要不破，煮出来都一样好吃。

这个服务器的缓存命中率在下午明显下降，因为同时在线的用户变多了，旧的对话还没回来，内存就被新的请求占满了。我们后来把缓存容量加大了一倍，又把最长的对话截短，命中率才恢复到原来的水平。

朝の駅はいつも静かだ。人はたくさんいるのに、誰もほとんど話さない。電車が来ると、みんな決まった位置から順番に乗り込み、降りる人を先に通す。初めて見たときは少し驚いたが、一週間もすると自分も同じように並んで待つようになっていた。

Some people mix languages without noticing. A colleague once wrote in a review, "the 缓存 is fine, but the 延迟 after the second turn is too high", and everybody understood exactly what she meant. Another one ends every message with "gracias 🙏" even though the team has been working in English for years.

quick update 🚀 the new build is on staging, please try it before lunch. if anything looks off, ping me here 👀 and I will roll it back. coffee machine on the third floor is fixed btw ☕️ 🎉

hey, can someone explain why the test passes locally but fails on the build machine? it only fails about one time in ten 🤔 and the log says the port is already in use. I think two tests pick the same port but I am not sure how to prove it.

A well written bug report answers three questions: what did you do, what did you expect, and what happened instead. Add the version of the software, the operating system, and the smallest input that reproduces the problem. A screenshot helps for visual glitches, but for errors the full text of the message is far more useful than a picture of it.

Good error messages name the thing that went wrong and the place where it went wrong. A message such as invalid input is nearly useless; a message such as line 12 of settings.yaml: the port must be a number between 1 and 65535, got eighty is something a tired person can fix at two in the morning without opening the documentation.

The river floods every spring, and the town has learned to live with it. Shops on the lower street keep their goods on high shelves from March to May, and the ferry moves its landing fifty metres upstream when the water reaches the second mark on the bridge. Old photographs in the café show the same scene a hundred years ago, with horses instead of vans.

Mountain weather changes faster than most visitors believe. A clear morning can turn into fog and sleet by noon, and the path that was easy to follow on the way up disappears under a grey blanket on the way down. Experienced walkers turn back early, carry a map even when they know the route, and tell someone at the hut where they are going.

Learning an instrument as an adult is humbling. The fingers that type quickly on a keyboard refuse to find the right string, and a simple melody takes weeks to sound like music rather than a sequence of separate notes. The teachers all say the same thing: practise a little every day instead of a lot once a week, and record yourself, because the ear lies while you are playing.

A library is a strange kind of machine. It stores more information than any computer built before the last few decades, it retrieves it with nothing more than a catalogue and a pair of legs, and it has been doing so reliably for thousands of years. Its main weakness, fire, is also the reason so many old books survive only as copies of copies.

The tide tables for the bay are printed in the newspaper every Thursday. Fishermen read them before the weather forecast, and children learn early that the sandbar is safe to cross for two hours around low water and dangerous at any other time. Every few summers a visitor ignores the warning signs and has to be rescued from the island, usually cold, embarrassed and very apologetic.

In a small team, the person who writes the deployment script becomes, without anybody deciding it, the person who is called when the deployment fails. Writing the steps down, making the script print what it is doing, and teaching one other person to run it are the cheapest ways to take a holiday without checking your phone every hour.

Most databases slow down in the same few ways. A query that used an index starts scanning the whole table because the statistics are out of date; a table grows until it no longer fits in memory; two jobs lock the same rows in opposite orders and wait for each other forever. Measuring before guessing saves more time than any clever trick.

Owls hunt by sound as much as by sight. The feathers on the edge of their wings are soft and fringed, so the air passes over them with almost no noise, and their faces work like dishes that collect sound and direct it towards the ears. Some species can catch a mouse under snow in complete darkness, guided only by the rustle it makes.

Ants solve problems that would challenge an engineer. A colony finds the shortest path to food by laying scent trails that evaporate over time, so that long routes fade while short ones are refreshed more often. No single ant knows the map; the answer emerges from thousands of small decisions repeated all day.

The old clockmaker kept a notebook for every watch he repaired, with the date, the fault, and the name of the owner. Some watches came back to him three or four times over forty years, and reading the entries in order was like reading a short biography: a broken glass after a wedding, a stopped movement after a flood, a new strap for a grandson.

Exercise is easier to keep up when it is part of the day rather than an extra task. Walking to the station instead of taking the bus, carrying the shopping home, or climbing the stairs to the office adds up to more movement than many people manage at the gym, and it does not depend on motivation that disappears in February.

Statistics can mislead honest people. An average hides the slow requests that users remember, a percentage hides how small the sample was, and a chart with a cut axis turns a two percent change into a dramatic cliff. Reporting the median, a high percentile, the number of observations, and the spread between runs avoids most of these traps.

Winter evenings in the north are long, and the town compensates with light. Candles stand in every window, strings of bulbs cross the streets, and the bakery stays open late so that people can buy warm buns on their way home. Visitors sometimes find the darkness depressing, but most locals say they miss it in summer, when the sun barely sets and nobody can sleep.

A map is always a choice about what to leave out. A road atlas ignores the shape of the hills, a hiking map ignores most shops, and a subway map ignores distances altogether so that the lines and stations stay readable. The best map is the one that answers the question you actually have, which is why experienced travellers carry more than one.

Cats are experts at finding the single warm spot in a cold house. They follow the sunlight across the floor during the day, settle on laptops and freshly folded laundry, and at night they discover whichever person has the thickest blanket. Scientists who study their behaviour say the habit is efficient rather than lazy, since keeping warm costs a small animal a lot of energy.

The committee met every Tuesday for three years to decide the colour of the new bridge. Some members wanted red, to match the old iron bridge upstream; others wanted grey, so that it would disappear against the sky. In the end the painters were told to use whatever paint was cheapest that month, and the bridge is still, to this day, a pleasant shade of green.
`;
