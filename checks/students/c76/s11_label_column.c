/* backward.c -- chain rule on the graph, one Jacobian per edge.
 *
 * dL/dprob is zero except at the label, so for each sample only the
 * label's path matters after the softmax.                              */

#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A, i, j) gsl_matrix_get((A), (i), (j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k, h, d;
    double *J = malloc(C * C * sizeof(double));

    /* softmax node */
    for (i = 0; i < N; i++) {
        double gy = -1.0 / ((double)N * M(cache->prob, i, y[i]));   /* dL/dprob_y */
        for (k = 0; k < C; k++)
            for (j = 0; j < C; j++)
                J[k * C + j] = M(cache->prob, i, k) * ((k == j) - M(cache->prob, i, j));
        for (j = 0; j < C; j++)
            gsl_matrix_set(g->dz2, i, j, gy * J[y[i] * C + j]);     /* only row y of J */
    }

    /* linear node z2 = p1 W2 + b2 */
    for (h = 0; h < H; h++)
        for (j = 0; j < C; j++) {
            double s = 2.0 * reg * M(net->W2, h, j);
            for (i = 0; i < N; i++)
                s += M(cache->p1, i, h) * M(g->dz2, i, j);
            gsl_matrix_set(g->dW2, h, j, s);
        }
    for (j = 0; j < C; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += M(g->dz2, i, j);
        gsl_vector_set(g->db2, j, s);
    }
    /* dz2[i][j]/dp1[i][h] = W2[h][j]; again only the label path */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dp1, i, h, M(g->dz2, i, y[i]) * M(net->W2, h, y[i]));

    /* relu node, diagonal Jacobian */
    for (i = 0; i < N; i++)
        for (h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, i, h, M(cache->z1, i, h) > 0 ? M(g->dp1, i, h) : 0.0);

    /* linear node z1 = X W1 + b1 */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            double s = 2.0 * reg * M(net->W1, d, h);
            for (i = 0; i < N; i++)
                s += M(X, i, d) * M(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, s);
        }
    for (h = 0; h < H; h++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += M(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    free(J);
    g->present = BP_GRADS_ALL;
    return 0;
}
