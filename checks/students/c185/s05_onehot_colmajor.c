/* backward.c - two layer network, backward pass
 * Temporaries: one buffer, pieces handed out with a running pointer.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* copy piece (rows x cols, row length cols) into the gsl matrix */
static void put(gsl_matrix *m, const double *piece, size_t rows, size_t cols)
{
    gsl_matrix_const_view v = gsl_matrix_const_view_array(piece, rows, cols);
    gsl_matrix_memcpy(m, &v.matrix);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double *buf, *p, *dsc, *dhid, *dpre, *gw2, *gw1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    buf = calloc(N*C + 2*N*H + H*C + D*H, sizeof(double));
    if (!buf)
        return 1;
    p = buf;
    dsc  = p; p += N*C;
    dhid = p; p += N*H;
    dpre = p; p += N*H;
    gw2  = p; p += H*C;
    gw1  = p;

    /* dscores = probs, minus one at the right class, over N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dsc[i*C + k] = gsl_matrix_get(cache->prob, i, k);
    for (i = 0; i < N; i++)
        dsc[y[i]*N + i] -= 1.0;
    for (i = 0; i < N*C; i++)
        dsc[i] /= N;

    /* W2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * dsc[i*C + k];
            gw2[j*C + k] = s + 2*reg*gsl_matrix_get(net->W2, j, k);
        }
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dsc[i*C + k];
        gsl_vector_set(g->db2, k, s);
    }

    /* hidden layer */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += dsc[i*C + k] * gsl_matrix_get(net->W2, j, k);
            dhid[i*H + j] = s;
            dpre[i*H + j] = (gsl_matrix_get(cache->z1, i, j) > 0) ? s : 0;
        }

    /* W1 */
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, k) * dpre[i*H + j];
            gw1[k*H + j] = s + 2*reg*gsl_matrix_get(net->W1, k, j);
        }
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++)
            s += dpre[i*H + j];
        gsl_vector_set(g->db1, j, s);
    }

    put(g->dz2, dsc, N, C);
    put(g->dW2, gw2, H, C);
    put(g->dp1, dhid, N, H);
    put(g->dz1, dpre, N, H);
    put(g->dW1, gw1, D, H);

    free(buf);
    g->present = BP_GRADS_ALL;
    return 0;
}
