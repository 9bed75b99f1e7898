/* Homework 3: backward pass for the two-layer net.
 * Daniel Novak
 *
 * Everything is done per sample inside one loop.  dscore (C) and dhid (H)
 * are scratch arrays, allocated once and reused for every sample.
 */
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET(m, i, j)      gsl_matrix_get((m), (i), (j))
#define ADD(m, i, j, v)   gsl_matrix_set((m), (i), (j), GET((m), (i), (j)) + (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
    size_t i, j, k, d;
    double *dscore = calloc(C, sizeof(double));
    double *dhid = calloc(H, sizeof(double));

    if (dscore == NULL || dhid == NULL) {
        fprintf(stderr, "backward: out of memory\n");
        free(dscore);
        free(dhid);
        return 1;
    }

    /* reg part first, the data part is added in the loop */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2 * reg);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2 * reg);
    gsl_vector_set_zero(g->db1);
    gsl_vector_set_zero(g->db2);

    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++) {
            dscore[k] = GET(cache->prob, i, k);
            if (k == y[i])
                dscore[k] -= 1;
            dscore[k] /= N;
            gsl_matrix_set(g->dz2, i, k, dscore[k]);
            gsl_vector_set(g->db2, k, gsl_vector_get(g->db2, k) + dscore[k]);
        }
        for (j = 0; j < H; j++)
            for (k = 0; k < C; k++)
                ADD(g->dW2, j, k, GET(cache->p1, i, j) * dscore[k]);

        /* dhid = W2 dscore */
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++)
                s += GET(net->W2, j, k) * dscore[k];
            dhid[j] += s;
            gsl_matrix_set(g->dp1, i, j, dhid[j]);
        }

        /* relu: only where z1 > 0 */
        for (j = 0; j < H; j++) {
            double dz = GET(cache->z1, i, j) > 0 ? dhid[j] : 0;
            gsl_matrix_set(g->dz1, i, j, dz);
            gsl_vector_set(g->db1, j, gsl_vector_get(g->db1, j) + dz);
            for (d = 0; d < D; d++)
                ADD(g->dW1, d, j, GET(X, i, d) * dz);
        }
    }

    free(dscore);
    free(dhid);
    g->present = BP_GRADS_ALL;
    return 0;
}
