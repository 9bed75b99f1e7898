/* HW 5 - backprop for the 2 layer net.
   Mechanical Eng., numerical methods.
   Every loop is a while loop with the counter set before it
   (the way we did the Jacobi iteration). */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, j, k, m;
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double total, temp;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    /* (1)  dz2 = (prob - onehot) / N */
    i = 0;
    while (i < N) {
        k = 0;
        while (k < C) {
            temp = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i]) temp = temp - 1.0e0;
            gsl_matrix_set(g->dz2, i, k, temp / (double) N);
            k++;
        }
        i++;
    }

    /* (2)  dW2 = p1^T dz2 + 2 reg W2     (3)  db2 = sum_i dz2 */
    k = 0;
    while (k < C) {
        j = 0;
        while (j < H) {
            total = 0.0;
            i = 0;
            while (i < N) {
                total += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
                i++;
            }
            gsl_matrix_set(g->dW2, j, k, total + 2.0e0 * reg * gsl_matrix_get(net->W2, j, k));
            j++;
        }
        total = 0.0;
        i = 0;
        while (i < N) {
            total += gsl_matrix_get(g->dz2, i, k);
            i++;
        }
        gsl_vector_set(g->db2, k, total);
        k++;
    }

    /* (4)  dp1 = dz2 W2^T,  sum over the classes */
    i = 0;
    k = 0;
    while (i < N) {
        j = 0;
        while (j < H) {
            total = 0.0;
            while (k < C) {
                total += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
                k++;
            }
            gsl_matrix_set(g->dp1, i, j, total);
            j++;
        }
        i++;
    }

    /* (5)  dz1 = dp1 if z1 > 0 else 0 */
    i = 0;
    while (i < N) {
        j = 0;
        while (j < H) {
            if (gsl_matrix_get(cache->z1, i, j) > 0.0)
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
            j++;
        }
        i++;
    }

    /* (6)  dW1 = X^T dz1 + 2 reg W1      (7)  db1 = sum_i dz1 */
    j = 0;
    while (j < H) {
        m = 0;
        while (m < D) {
            total = 0.0;
            i = 0;
            while (i < N) {
                total += gsl_matrix_get(X, i, m) * gsl_matrix_get(g->dz1, i, j);
                i++;
            }
            gsl_matrix_set(g->dW1, m, j, total + 2.0e0 * reg * gsl_matrix_get(net->W1, m, j));
            m++;
        }
        total = 0.0;
        i = 0;
        while (i < N) {
            total += gsl_matrix_get(g->dz1, i, j);
            i++;
        }
        gsl_vector_set(g->db1, j, total);
        j++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
