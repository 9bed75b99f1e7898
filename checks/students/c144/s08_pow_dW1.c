/* ------------------------------------------------------------------
 * backward.c   HW 5: back propagation through the 2-layer network
 *
 * loss  L = (1/N) sum_i -log p_i,y_i  +  reg ( |W1|^2 + |W2|^2 )  (eq. 1)
 * (no 1/2 in front of reg this year, so the reg gradient has a 2)
 * ------------------------------------------------------------------ */
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, j, k, l;
    size_t N, D, H, C;
    double s, dn;

    N = X->size1;  D = net->D;  H = net->H;  C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;
    dn = (double) N;

    /* eq. (2)  dL/dz2 */
    i = 0;
    while (i < N) {
        k = 0;
        while (k < C) {
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k)
                            - (k == y[i] ? 1.0e0 : 0.0e0)) / dn);
            k = k + 1;
        }
        i = i + 1;
    }

    /* eq. (3) and (4)  dL/dW2, dL/db2 */
    k = 0;
    while (k < C) {
        j = 0;
        while (j < H) {
            s = 0.0;
            i = 0;
            while (i < N) {
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
                i = i + 1;
            }
            gsl_matrix_set(g->dW2, j, k,
                           s
                           + 2.0e0 * reg * gsl_matrix_get(net->W2, j, k));
            j = j + 1;
        }
        s = 0.0;
        i = 0;
        while (i < N) {
            s += gsl_matrix_get(g->dz2, i, k);
            i = i + 1;
        }
        gsl_vector_set(g->db2, k, s);
        k = k + 1;
    }

    /* eq. (5) and (6)  dL/dp1, dL/dz1 */
    i = 0;
    while (i < N) {
        j = 0;
        while (j < H) {
            s = 0.0;
            k = 0;
            while (k < C) {
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
                k = k + 1;
            }
            gsl_matrix_set(g->dp1, i, j, s);
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, s);
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
            j = j + 1;
        }
        i = i + 1;
    }

    /* eq. (7) and (8)  dL/dW1, dL/db1 */
    j = 0;
    while (j < H) {
        l = 0;
        while (l < D) {
            s = 0.0;
            i = 0;
            while (i < N) {
                s += gsl_matrix_get(X, i, l) * gsl_matrix_get(g->dz1, i, j);
                i = i + 1;
            }
            gsl_matrix_set(g->dW1, l, j,
                           s
                           + 2.0e0 * reg * pow(gsl_matrix_get(net->W1, l, j), 2));
            l = l + 1;
        }
        s = 0.0;
        i = 0;
        while (i < N) {
            s += gsl_matrix_get(g->dz1, i, j);
            i = i + 1;
        }
        gsl_vector_set(g->db1, j, s);
        j = j + 1;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
