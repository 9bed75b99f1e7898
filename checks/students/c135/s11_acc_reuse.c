/* HW3 backward.  One scratch area for all stages:
 *   sc.d2  (N*C)  dL/dz2
 *   sc.dh  (N*H)  dL/dp1, masked in place into dL/dz1
 *   sc.acc (max(H,C))  column-sum accumulator, shared by both bias stages
 * malloc'd on the first call, freed at the end of the call. */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAXSZ(a, b) ((a) > (b) ? (a) : (b))
#define M(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static struct { double *d2, *dh, *acc; } sc;

static void sc_free(void)
{
    free(sc.d2); free(sc.dh); free(sc.acc);
    memset(&sc, 0, sizeof sc);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    if (sc.d2 == NULL) {
        sc.d2 = malloc(N * C * sizeof *sc.d2);
        sc.dh = malloc(N * H * sizeof *sc.dh);
        sc.acc = calloc(MAXSZ(H, C), sizeof *sc.acc);
        if (!sc.d2 || !sc.dh || !sc.acc) { sc_free(); return 1; }
    }

    /* stage 1: dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++) {
            sc.d2[i * C + k] = (M(cache->prob, i, k) - (k == y[i])) / (double) N;
            M(g->dz2, i, k) = sc.d2[i * C + k];
        }

    /* stage 2: dW2, db2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * M(net->W2, j, k);
            for (i = 0; i < N; i++)
                s += M(cache->p1, i, j) * sc.d2[i * C + k];
            M(g->dW2, j, k) = s;
        }
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            sc.acc[k] += sc.d2[i * C + k];
    for (k = 0; k < C; k++)
        gsl_vector_set(g->db2, k, sc.acc[k]);

    /* stage 3: dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += sc.d2[i * C + k] * M(net->W2, j, k);
            sc.dh[i * H + j] = s;
            M(g->dp1, i, j) = s;
        }

    /* stage 4: relu */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            if (M(cache->z1, i, j) <= 0.0)
                sc.dh[i * H + j] = 0.0;
            M(g->dz1, i, j) = sc.dh[i * H + j];
        }

    /* stage 5: dW1, db1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * M(net->W1, k, j);
            for (i = 0; i < N; i++)
                s += M(X, i, k) * sc.dh[i * H + j];
            M(g->dW1, k, j) = s;
        }
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            sc.acc[j] += sc.dh[i * H + j];
    for (j = 0; j < H; j++)
        gsl_vector_set(g->db1, j, sc.acc[j]);

    sc_free();
    g->present = BP_GRADS_ALL;
    return 0;
}
