/*
 * Propagacja wsteczna - Katarzyna Wisniewska, gr. 2
 * Dostep bezposrednio przez ->data i tda (szybciej niz gsl_matrix_get,
 * ktore sprawdza zakresy).
 */
#include "backprop.h"

/* element (i,j) macierzy GSL, wiersze maja dlugosc tda */
#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VEL(v, i)   ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
	size_t liczba_probek = X->size1;
	size_t D = net->D, H = net->H, C = net->C;
	size_t n, d, h, c;
	double odwrotnosc;

	if (liczba_probek != cache->N || X->size2 != D || g->N != liczba_probek)
		return 1;
	odwrotnosc = 1.0 / (double)liczba_probek;

	/* blad_wyjscia (dz2) */
	for (n = 0; n < liczba_probek; n++)
		for (c = 0; c < C; c++)
			EL(g->dz2, n, c) = (EL(cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) * odwrotnosc;

	/* dW2 i db2 - najpierw zerujemy / wpisujemy regularyzacje */
	for (h = 0; h < H; h++)
		for (c = 0; c < C; c++)
			EL(g->dW2, h, c) = 2.0 * reg * EL(net->W2, h, c);
	for (c = 0; c < C; c++)
		VEL(g->db2, c) = 0.0;

	for (n = 0; n < liczba_probek; n++) {
		for (c = 0; c < C; c++) {
			double b = EL(g->dz2, n, c);
			VEL(g->db2, c) += b;
			for (h = 0; h < H; h++)
				EL(g->dW2, h, c) += EL(cache->p1, n, h) * b;
		}
	}

	/* dp1 = dz2 * W2^T, od razu dz1 (maska z z1) */
	for (n = 0; n < liczba_probek; n++) {
		for (h = 0; h < H; h++) {
			double s = 0.0;
			for (c = 0; c < C; c++)
				s += EL(g->dz2, n, c) * EL(net->W2, h, c);
			EL(g->dp1, n, h) = s;
			EL(g->dz1, n, h) = EL(cache->z1, n, h) > 0.0 ? s : 0.0;
		}
	}

	/* dW1 = X^T dz1 + 2 reg W1, db1 */
	for (d = 0; d < D; d++)
		for (h = 0; h < H; h++)
			EL(g->dW1, d, h) = 2.0 * reg * EL(net->W1, d, h);
	for (h = 0; h < H; h++)
		VEL(g->db1, h) = 0.0;

	for (n = 0; n < liczba_probek; n++) {
		for (h = 0; h < H; h++) {
			double b = EL(g->dz1, n, h);
			if (b == 0.0)
				continue;	/* ReLU wyciela, nic nie dodajemy */
			VEL(g->db1, h) += b;
			for (d = 0; d < D; d++)
				EL(g->dW1, d, h) += EL(X, n, d) * b;
		}
	}

	g->present = BP_GRADS_ALL;
	return 0;
}
