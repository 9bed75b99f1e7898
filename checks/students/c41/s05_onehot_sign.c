/* backward.c
 * Brandon K.   Intro to Programming in C (CSC 115), Lab 10
 * backprop for the 2 layer net.  I wrote every gradient with its own
 * loops so I can see whats happening.  Comments are my notes from class.
 */
#include "backprop.h"

/* shortcuts so I dont have to type gsl_matrix_get all the time */
#define Z1(i,j)   cache->z1->data[(i)*cache->z1->tda+(j)]
#define P1(i,j)   cache->p1->data[(i)*cache->p1->tda+(j)]
#define P(i,j)    cache->prob->data[(i)*cache->prob->tda+(j)]
#define XX(i,j)   X->data[(i)*X->tda+(j)]
#define WW1(i,j)  net->W1->data[(i)*net->W1->tda+(j)]
#define WW2(i,j)  net->W2->data[(i)*net->W2->tda+(j)]
#define DZ2(i,j)  g->dz2->data[(i)*g->dz2->tda+(j)]
#define DW2(i,j)  g->dW2->data[(i)*g->dW2->tda+(j)]
#define DP1(i,j)  g->dp1->data[(i)*g->dp1->tda+(j)]
#define DZ1(i,j)  g->dz1->data[(i)*g->dz1->tda+(j)]
#define DW1(i,j)  g->dW1->data[(i)*g->dW1->tda+(j)]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, k;
  double sum, hot;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2.  the derivitive of softmax + cross entropy is the
   *    difference between the prob and the one hot label, over N */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      if (j == y[i])
        hot = 1.0;
      else
        hot = 0.0;
      DZ2(i,j) = (hot - P(i,j)) / (double) N;
    }
  }

  /* 2. dW2 = p1 transpose times dz2, plus 2 reg W2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      sum = 0.0;
      for (i = 0; i < N; i++) {
        sum = sum + P1(i,j) * DZ2(i,k);
      }
      DW2(j,k) = sum + 2.0 * reg * WW2(j,k);
    }
  }

  /* 3. db2 = sum of dz2 down the columns */
  for (k = 0; k < C; k++) {
    sum = 0.0;
    for (i = 0; i < N; i++) {
      sum = sum + DZ2(i,k);
    }
    g->db2->data[k] = sum;
  }

  /* 4. dp1 = dz2 times W2 transpose */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (k = 0; k < C; k++) {
        sum = sum + DZ2(i,k) * WW2(j,k);
      }
      DP1(i,j) = sum;
    }
  }

  /* 5. dz1, relu only passes where z1 was positive */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (Z1(i,j) > 0.0) {
        DZ1(i,j) = DP1(i,j);
      } else {
        DZ1(i,j) = 0.0;
      }
    }
  }

  /* 6. dW1 = X transpose times dz1, plus 2 reg W1 */
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (i = 0; i < N; i++) {
        sum = sum + XX(i,k) * DZ1(i,j);
      }
      DW1(k,j) = sum + 2.0 * reg * WW1(k,j);
    }
  }

  /* 7. db1 */
  for (j = 0; j < H; j++) {
    sum = 0.0;
    for (i = 0; i < N; i++) {
      sum = sum + DZ1(i,j);
    }
    g->db1->data[j] = sum;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
